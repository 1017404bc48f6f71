/**
 * Several accounts end to end: the built CLI, configured with one region listed once per RAM role,
 * assumes each role at the simulator's STS over HTTPS (trusted through NODE_EXTRA_CA_CERTS, as a
 * private CA would be in production), signed by the ALIBABA_CLOUD_* key of the default chain, and
 * collects every account's instances with the keys STS issued. A role STS refuses fails its own
 * entry only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  STS_ACCESS_KEY_PREFIX,
  startSimulator,
  staticTaskSource,
  type RawInstance,
  type RunningSimulator,
  type SimInstance,
  type SimRole,
} from '../../src/simulator/index.js';
import { runCli, startCli, type CliRun } from '../support/cli-process.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';

const REGION = 'cn-hangzhou';
const EXPORTER_ACCOUNT = '9000000000000009';
const ACCOUNT_A = '1111111111111111';
const ACCOUNT_B = '2222222222222222';
const BASE_KEY = { accessKeyId: 'LTAI-e2e-exporter', accessKeySecret: 'e2e-exporter-secret' };
const ROLE_A: SimRole = { arn: `acs:ram::${ACCOUNT_A}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT] };
const ROLE_B: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT], externalId: 'b-external' };
const DENYING_ROLE: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/not-trusting`, trustedAccounts: [] };
const STARTED_MS = Date.parse('2026-11-30T07:00:00Z');

function instance(id: string, account: string): SimInstance {
  const raw: RawInstance = { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION };
  const task = {
    TaskId: `task-${id}`,
    InstanceId: id,
    TaskStatus: 'SUCCESS',
    TaskResult: 'SUCCESS',
    TaskType: 'AUTO',
    StartTime: String(STARTED_MS),
    EndTime: String(STARTED_MS + 60_000),
    NamespaceName: 'library',
    RepoName: 'nginx',
    TagTotalCount: 3,
    TagSubscriptionCount: 3,
  };
  return { instance: raw, account, rules: [], tasks: staticTaskSource([task]) };
}

describe('several accounts, built CLI', () => {
  let ca: TestCa;
  let simulator: RunningSimulator;
  let dir: string;
  let cli: CliRun | undefined;

  beforeAll(async () => {
    ca = createTestCa();
    const { cert, key } = ca.issue('sts');
    simulator = await startSimulator({
      dataset: { regions: [{ id: REGION, instances: [instance('cri-a1', ACCOUNT_A), instance('cri-b1', ACCOUNT_B), instance('cri-b2', ACCOUNT_B)] }] },
      credentials: [{ ...BASE_KEY, account: EXPORTER_ACCOUNT }],
      sts: { tls: { cert: readPem(cert), key: readPem(key) }, roles: [ROLE_A, ROLE_B, DENYING_ROLE] },
    });
    dir = mkdtempSync(join(tmpdir(), 'acr-accounts-e2e-'));
  });
  afterAll(async () => {
    await cli?.stop();
    await simulator.close();
    ca.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeConfig(): string {
    const endpoint = simulator.endpoint(REGION);
    const entry = (extra: string) => `  - id: ${REGION}\n    endpoint: ${endpoint}\n    protocol: http\n${extra}`;
    const configFile = join(dir, 'config.yml');
    writeFileSync(
      configFile,
      [
        'regions:',
        entry(`    roleArn: ${ROLE_A.arn}\n`),
        entry(`    roleArn: ${ROLE_B.arn}\n    externalId: b-external\n    roleSessionName: e2e-exporter\n`),
        entry(`    roleArn: ${DENYING_ROLE.arn}\n`),
        'api:',
        `  stsEndpoint: ${simulator.sts?.endpoint ?? ''}`,
        'web:',
        '  listenAddress: 127.0.0.1:0',
        '',
      ].join('\n'),
    );
    return configFile;
  }

  function env(): Record<string, string> {
    return {
      ALIBABA_CLOUD_ACCESS_KEY_ID: BASE_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: BASE_KEY.accessKeySecret,
      NODE_EXTRA_CA_CERTS: ca.caCert,
      HOME: dir, // no profile or credentials file of the machine
    };
  }

  it("collects both accounts' instances of one region through their roles; the refused role fails its entry only", async () => {
    cli = await startCli(['--config', writeConfig()], env());
    const samples = parseExposition(await (await fetch(`${cli.url}/metrics`)).text());

    for (const instanceId of ['cri-a1', 'cri-b1', 'cri-b2']) {
      expect([instanceId, sampleValue(samples, 'acr_exporter_collect_success', { region: REGION, instance_id: instanceId })]).toEqual([instanceId, 1]);
    }
    const issued = simulator.sts?.issued() ?? [];
    expect(issued.map((key) => [key.roleArn, key.account]).sort()).toEqual([
      [ROLE_A.arn, ACCOUNT_A],
      [ROLE_B.arn, ACCOUNT_B],
    ]);
    const listings = simulator.requests.entries.filter((call) => call.action === 'ListArtifactSubscriptionTask');
    expect(listings.map(({ instanceId, account, code }) => [instanceId, account, code]).sort()).toEqual([
      ['cri-a1', ACCOUNT_A, 'success'],
      ['cri-b1', ACCOUNT_B, 'success'],
      ['cri-b2', ACCOUNT_B, 'success'],
    ]);
    expect(listings.every((call) => call.accessKeyId?.startsWith(STS_ACCESS_KEY_PREFIX))).toBe(true);
    expect(simulator.requests.count({ action: 'AssumeRole', code: 'NoPermission' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListInstance', code: 'CredentialError' })).toBeGreaterThanOrEqual(1);

    const warning = cli
      .stdout()
      .split('\n')
      .filter((line) => line.includes('instance discovery failed'))
      .map((line) => JSON.parse(line) as { region: string; roleArn?: string; error: { code: string; message: string } });
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ region: REGION, roleArn: DENYING_ROLE.arn });
    expect(warning[0]?.error.code).toBe('CredentialError');
    expect(warning[0]?.error.message).toContain(`AssumeRole ${DENYING_ROLE.arn}: refresh session token failed`);
    expect(warning[0]?.error.message).toContain('NoPermission');
    expect(cli.stdout()).not.toContain(BASE_KEY.accessKeySecret);
    for (const key of issued) expect(cli.stdout() + cli.stderr()).not.toContain(key.securityToken);
  });

  it('doctor checks each role entry with its own assumed credential and names the refused role', async () => {
    const { code, stdout } = await runCli(['doctor', '--config', writeConfig(), '--output=json'], env());
    const report = JSON.parse(stdout) as { checks: { status: string; name: string; target: string; detail: string }[] };
    const line = (name: string, target: string) => report.checks.find((check) => check.name === name && check.target === target);

    expect(code).toBe(1);
    expect(report.checks.filter((check) => check.name === 'credentials').map((check) => [check.target, check.status])).toEqual([
      [`${REGION} (${ROLE_A.arn})`, 'ok'],
      [`${REGION} (${ROLE_B.arn})`, 'ok'],
      [`${REGION} (${DENYING_ROLE.arn})`, 'failed'],
    ]);
    expect(line('credentials', `${REGION} (${ROLE_A.arn})`)?.detail).toContain('RAM role (STS AssumeRole)');
    expect(line('credentials', `${REGION} (${DENYING_ROLE.arn})`)?.detail).toContain('NoPermission');
    expect(line('ListInstance', `${REGION} (${ROLE_A.arn})`)).toMatchObject({ status: 'ok', detail: expect.stringContaining('1 instance(s)') });
    expect(line('ListInstance', `${REGION} (${ROLE_B.arn})`)).toMatchObject({ status: 'ok', detail: expect.stringContaining('2 instance(s)') });
    expect(line('API actions', `${REGION} (${DENYING_ROLE.arn})`)).toMatchObject({ status: 'skipped', detail: 'no credential' });
    for (const instanceId of ['cri-a1', 'cri-b1', 'cri-b2']) expect(line('ListArtifactSubscriptionTask', `${REGION}/${instanceId}`)?.status).toBe('ok');
    expect(stdout).not.toContain(BASE_KEY.accessKeySecret);
    for (const key of simulator.sts?.issued() ?? []) expect(stdout).not.toContain(key.securityToken);
  });

  it('assumes the roles through HTTPS_PROXY: STS is reached through a CONNECT tunnel like the API', async () => {
    const proxy = await startConnectProxy();
    let run: CliRun | undefined;
    try {
      run = await startCli(['--config', writeConfig()], { ...env(), HTTPS_PROXY: proxy.url });
      const samples = parseExposition(await (await fetch(`${run.url}/metrics`)).text());

      expect(sampleValue(samples, 'acr_exporter_collect_success', { region: REGION, instance_id: 'cri-b1' })).toBe(1);
      expect(proxy.connects.map((connect) => connect.target)).toContain(simulator.sts?.endpoint);
    } finally {
      await run?.stop();
      await proxy.close();
    }
  });
});
