/**
 * The built CLI's `doctor` subcommand (dist/cli.js): `doctor --demo` against the built-in
 * simulator, and `doctor` with a configuration file against a simulator this test starts, with
 * credentials from the environment as in production.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FORBIDDEN_INSTANCE_ID, startSimulator, staticTaskSource, type RunningSimulator, type SimInstance } from '../../src/simulator/index.js';
import { runCli } from '../support/cli-process.js';

const REGION = 'cn-hangzhou';
const CREDENTIAL = { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2EEa', accessKeySecret: 'Dvq8bkmTznSDFW2nA7nKn5jV1SAvMd4Jkbx3Cde' };
const SECURITY_TOKEN = 'CAIS8gF1q6Ft5B2yfSjIr5bMM+3hsKl0gpeHbFLQpWU8TeZvnIvJ0zz2IHhMenVqAu0dsv82mmFY7vwdlqJ4T55IQ1Dqc8MqGlDJYY9Q+L8nOTxFGoABbgM4s0Z7';
const CREDENTIAL_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
  ALIBABA_CLOUD_SECURITY_TOKEN: SECURITY_TOKEN,
};

function instance(id: string): SimInstance {
  return {
    instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION },
    rules: [],
    tasks: staticTaskSource([
      { TaskId: `${id}-t1`, InstanceId: id, TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', TaskType: 'AUTO', StartTime: 1_700_000_000_000, EndTime: 1_700_000_060_000, NamespaceName: 'ns', RepoName: 'nginx', SourceProvider: 'DOCKER_HUB', SourceNamespaceName: 'library', SourceRepoName: 'nginx', TagTotalCount: 4, TagSubscriptionCount: 4 },
    ]),
  };
}

/** The report's check lines: status, target, check, detail. */
function checkLines(stdout: string): { status: string; target: string; name: string; detail: string }[] {
  return stdout
    .split('\n')
    .filter((line) => /^(ok|warn|FAILED|skipped) /.test(line))
    .map((line) => {
      const [status = '', target = '', name = '', ...detail] = line.split(/ {2,}/);
      return { status, target, name, detail: detail.join('  ') };
    });
}

/** The policy JSON that ends the text report. */
function policyOf(stdout: string): { Statement: { Action: string[]; Resource: string | string[] }[] } {
  return JSON.parse(stdout.slice(stdout.indexOf('\n{\n') + 1)) as { Statement: { Action: string[]; Resource: string | string[] }[] };
}

describe('doctor --demo', () => {
  it('shows both outcomes, names the denied RAM actions, prints their policy and exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', '--demo']);

    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = checkLines(stdout);
    expect(lines[0]).toEqual({ status: 'ok', target: 'all regions', name: 'credentials', detail: 'access key; AccessKey id LTAI****ey01' });
    for (const region of ['cn-hangzhou', 'cn-shanghai']) {
      expect(lines.filter((line) => line.target === region).map((line) => `${line.status} ${line.name}`)).toEqual(['ok dns', 'ok connect', 'ok clock', 'ok ListInstance']);
    }
    const denied = `cn-hangzhou/${DEMO_FORBIDDEN_INSTANCE_ID}`;
    expect(lines.filter((line) => line.status === 'FAILED')).toEqual([
      { status: 'FAILED', target: denied, name: 'ListArtifactSubscriptionTask', detail: expect.stringMatching(/^denied \(NoPrivilege HTTP 403 RequestId [0-9A-F-]+\): grant cr:ListArtifactSubscriptionTask on acs:cr:cn-hangzhou:\*:instance\/cri-hangzhou00003$/) },
      { status: 'FAILED', target: denied, name: 'ListArtifactSubscriptionRule', detail: expect.stringMatching(/: grant cr:ListArtifactSubscriptionRule on acs:cr:cn-hangzhou:\*:instance\/cri-hangzhou00003$/) },
    ]);
    expect(lines.filter((line) => line.status === 'skipped')).toEqual([{ status: 'skipped', target: denied, name: 'GetArtifactSubscriptionTaskResult', detail: 'no TaskId: ListArtifactSubscriptionTask failed' }]);
    // The four other instances pass all three actions.
    expect(lines.filter((line) => line.target.includes('/') && line.target !== denied && line.status === 'ok')).toHaveLength(12);
    expect(stdout).toContain('24 checks: 21 ok, 0 warn, 2 failed, 1 skipped.');
    expect(stdout).toContain('2 checks failed, as the demo intends');

    const policy = policyOf(stdout);
    expect(policy.Statement.flatMap((statement) => statement.Action).sort()).toEqual(['cr:ListArtifactSubscriptionRule', 'cr:ListArtifactSubscriptionTask']);
    expect(policy.Statement.map((statement) => statement.Resource)).toEqual([`acs:cr:cn-hangzhou:*:instance/${DEMO_FORBIDDEN_INSTANCE_ID}`]);
  });

  it('writes the same report as JSON with --output=json', async () => {
    const { code, stdout } = await runCli(['doctor', '--demo', '--output=json']);
    const report = JSON.parse(stdout) as { counts: Record<string, number>; checks: { status: string }[]; policy: { Statement: unknown[] } };

    expect(code).toBe(1);
    expect(report.counts).toEqual({ ok: 21, warn: 0, failed: 2, skipped: 1 });
    expect(report.checks).toHaveLength(24);
    expect(report.policy.Statement).toHaveLength(1);
  });
});

describe('doctor against a configured registry', () => {
  let simulator: RunningSimulator;
  let workDir: string;
  let configFile: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'acr-doctor-'));
    simulator = await startSimulator({ dataset: { regions: [{ id: REGION, instances: [instance('cri-one'), instance('cri-two')] }] }, credentials: [CREDENTIAL] });
    configFile = join(workDir, 'config.yml');
    writeFileSync(configFile, `regions:\n  - id: ${REGION}\n    endpoint: ${simulator.endpoint(REGION)}\n    protocol: http\n`);
  });

  afterEach(() => simulator.faults.clear());

  afterAll(async () => {
    await simulator.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('exits 0 when every check passes, naming the provider and the masked key', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', '--config', configFile], CREDENTIAL_ENV);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = checkLines(stdout);
    expect(lines.map((line) => line.status)).toEqual(Array(11).fill('ok'));
    expect(lines[0]?.detail).toBe('default chain > environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, with an STS security token; AccessKey id STS.****2EEa');
    expect(stdout).toContain('11 checks: 11 ok, 0 warn, 0 failed, 0 skipped.');
    expect(stdout).not.toContain('RAM policy');
  });

  it('exits 1 and names the RAM action when one action is denied', async () => {
    simulator.faults.add({ kind: 'forbidden', action: 'GetArtifactSubscriptionTaskResult', instanceId: 'cri-two' });
    const { code, stdout } = await runCli(['doctor', '--config', configFile], CREDENTIAL_ENV);

    expect(code).toBe(1);
    expect(checkLines(stdout).filter((line) => line.status !== 'ok')).toEqual([
      { status: 'FAILED', target: 'cn-hangzhou/cri-two', name: 'GetArtifactSubscriptionTaskResult', detail: expect.stringContaining('grant cr:GetArtifactSubscriptionTaskResult on acs:cr:cn-hangzhou:*:instance/cri-two') },
    ]);
    expect(policyOf(stdout).Statement).toEqual([{ Effect: 'Allow', Action: ['cr:GetArtifactSubscriptionTaskResult'], Resource: 'acs:cr:cn-hangzhou:*:instance/cri-two' }]);
    expect(stdout).not.toContain('as the demo intends');
  });

  it('shows no secret, token or whole key id, even when the API quotes the signed request', async () => {
    simulator.faults.add({ kind: 'signature-mismatch', action: 'ListArtifactSubscriptionRule', instanceId: 'cri-one' });
    for (const output of ['text', 'json']) {
      const { code, stdout, stderr } = await runCli(['doctor', '--config', configFile, `--output=${output}`], CREDENTIAL_ENV);
      const text = stdout + stderr;

      expect(code).toBe(1);
      expect(text).toContain('SignatureDoesNotMatch');
      expect(text).not.toContain(CREDENTIAL.accessKeyId);
      expect(text).not.toContain(CREDENTIAL.accessKeyId.slice(4));
      expect(text).not.toContain(CREDENTIAL.accessKeySecret);
      expect(text).not.toContain(CREDENTIAL.accessKeySecret.slice(0, 12));
      expect(text).not.toContain(SECURITY_TOKEN.slice(0, 24));
      expect(text).not.toContain(encodeURIComponent(SECURITY_TOKEN).slice(0, 40));
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    }
  });
});

describe('doctor command line', () => {
  it('prints its usage with --help', async () => {
    const { code, stdout } = await runCli(['doctor', '--help']);

    expect(code).toBe(0);
    expect(stdout).toContain('Usage: acr-subscription-exporter doctor [--output=text|json]');
    expect(stdout).toContain('Exit codes: 0 every check passed');
  });

  it.each([
    [['doctor', '--output=xml', '--demo'], 'acr-subscription-exporter doctor: --output: "xml" is not allowed; expected text or json\n'],
    [['doctor'], 'acr-subscription-exporter doctor: regions: no region configured; expected at least one (regions in the file, ACR_REGIONS or --region)\n'],
    [['doctor', '--demo', '--check-config'], 'acr-subscription-exporter doctor: --check-config: not a doctor flag; run it without doctor\n'],
  ])('exits 2 with one line for bad configuration: %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);

    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
