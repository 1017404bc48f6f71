/**
 * No credential on any path that shows errors. The simulator answers one instance's task listing
 * with a 400 SignatureDoesNotMatch whose Message quotes the caller's AccessKeyId, STS security
 * token, signature and Authorization header and then the whole signed request; the built CLI runs
 * with an STS credential from the environment, at debug and at info level. The landing page, the
 * logs (stdout and stderr) and /metrics must hold none of it, while still naming the failure.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import openapi from '@alicloud/openapi-core';
import * as dara from '@darabonba/typescript';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSION } from '../../src/api/actions.js';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimInstance } from '../../src/simulator/index.js';
import { startCli, type CliRun } from '../support/cli-process.js';
import { parseExposition, sampleValue } from '../support/exposition.js';

const REGION = 'cn-hangzhou';
const LEAKY = 'cri-leaky';
const HEALTHY = 'cri-healthy';
const CREDENTIAL = { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2EEa', accessKeySecret: 'Dvq8bkmTznSDFW2nA7nKn5jV1SAvMd4Jkbx3Cde' };
/** Shaped like a real STS token: long, base64. */
const SECURITY_TOKEN = 'CAIS8gF1q6Ft5B2yfSjIr5bMM+3hsKl0gpeHbFLQpWU8TeZvnIvJ0zz2IHhMenVqAu0dsv82mmFY7vwdlqJ4T55IQ1Dqc8MqGlDJYY9Q+L8nOTxFGoABbgM4s0Z7';
const SIGNATURE = /[0-9a-f]{64}/;

function instance(id: string): SimInstance {
  return {
    instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION },
    rules: [],
    tasks: staticTaskSource([
      { TaskId: `${id}-t1`, InstanceId: id, TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', TaskType: 'AUTO', StartTime: 1_700_000_000_000, EndTime: 1_700_000_060_000, NamespaceName: 'ns', RepoName: 'nginx', SourceProvider: 'DOCKER_HUB', SourceNamespaceName: 'library', SourceRepoName: 'nginx', TagTotalCount: 4, TagSubscriptionCount: 4 },
    ]),
  };
}

let simulator: RunningSimulator;
let workDir: string;
const running: CliRun[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-secret-'));
  simulator = await startSimulator({ dataset: { regions: [{ id: REGION, instances: [instance(LEAKY), instance(HEALTHY)] }] }, credentials: [CREDENTIAL] });
  simulator.faults.add({ kind: 'signature-mismatch', action: 'ListArtifactSubscriptionTask', instanceId: LEAKY });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.stop()));
});

afterAll(async () => {
  await simulator.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function start(level: string): Promise<CliRun> {
  const path = join(workDir, `config-${level}.yml`);
  writeFileSync(
    path,
    `regions:\n  - id: ${REGION}\n    endpoint: ${simulator.endpoint(REGION)}\n    protocol: http\nweb:\n  listenAddress: 127.0.0.1:0\nlog:\n  level: ${level}\ncollection:\n  mode: scrape\n`,
  );
  const run = await startCli(['--config', path], {
    ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: SECURITY_TOKEN,
  });
  running.push(run);
  return run;
}

function expectNoCredential(text: string): void {
  expect(text).not.toContain(CREDENTIAL.accessKeyId);
  expect(text).not.toContain(CREDENTIAL.accessKeyId.slice(4)); // nor the id without its STS. prefix
  expect(text).not.toContain(CREDENTIAL.accessKeySecret);
  expect(text).not.toContain(SECURITY_TOKEN);
  expect(text).not.toContain(SECURITY_TOKEN.slice(0, 24));
  expect(text).not.toContain(encodeURIComponent(SECURITY_TOKEN).slice(0, 40));
  expect(text).not.toMatch(SIGNATURE);
  expect(text).not.toMatch(/Credential=(?!\[redacted\])/);
  expect(text).not.toMatch(/Signature=(?!\[redacted\])/);
  expect(text).not.toMatch(/x-acs-security-token:(?!\s*\[redacted\])/);
}

describe('a SignatureDoesNotMatch that quotes the request', () => {
  it('does quote the token, the AccessKeyId, the signature and the Authorization header (what the exporter must not repeat)', async () => {
    const client = new openapi.default(
      new openapi.$OpenApiUtil.Config({ ...CREDENTIAL, securityToken: SECURITY_TOKEN, endpoint: simulator.endpoint(REGION), protocol: 'http' }),
    );
    const params = new openapi.$OpenApiUtil.Params({
      action: 'ListArtifactSubscriptionTask', version: API_VERSION, protocol: 'HTTP', pathname: '/', method: 'GET', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
    });

    const error = (await client.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({ query: { InstanceId: LEAKY } }), new dara.RuntimeOptions({})).catch((e: unknown) => e)) as {
      code: string;
      data: { Message: string };
    };

    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.data.Message).toContain(SECURITY_TOKEN);
    expect(error.data.Message).toContain(CREDENTIAL.accessKeyId);
    expect(error.data.Message).toContain('Authorization: ACS3-HMAC-SHA256 Credential=');
    expect(error.data.Message).toMatch(SIGNATURE);
  });

  it.each(['debug', 'info'])('shows none of it on /, /metrics or in the logs at %s level', async (level) => {
    const run = await start(level);
    // A scrape waits for the collection; the landing page then shows its outcome.
    const metrics = await (await fetch(`${run.url}/metrics`)).text();
    const landing = await (await fetch(`${run.url}/`)).text();
    await run.stop();
    const samples = parseExposition(metrics);

    // The failure is shown, and the other instance is collected.
    expect(landing).toContain('SignatureDoesNotMatch');
    expect(landing).toContain('[redacted]');
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: LEAKY })).toBe(0);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: HEALTHY })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionTask', code: 'SignatureDoesNotMatch' })).toBeGreaterThanOrEqual(1);
    expect(run.stdout()).toContain('SignatureDoesNotMatch');
    if (level === 'debug') expect(run.stdout()).toContain('"msg":"api attempt"');
    for (const text of [landing, metrics, run.stdout(), run.stderr()]) expectNoCredential(text);
  });
});
