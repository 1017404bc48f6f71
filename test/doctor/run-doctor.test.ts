/**
 * runDoctor in process against the simulator on 127.0.0.1: real HTTP, real ACS3 signing, the
 * exporter's API stack. Each test adds its own faults and clears them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlibabaCredential } from '../../src/api/openapi-transport.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ExporterConfig } from '../../src/config/types.js';
import type { Check } from '../../src/doctor/check.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimInstance } from '../../src/simulator/index.js';

const HANGZHOU = 'cn-hangzhou';
const SHANGHAI = 'cn-shanghai';
const KEY = { accessKeyId: 'LTAI5tDoctorTestKey0001', accessKeySecret: 'doctor-test-secret-0123456789' };
const RAW_TASK = { TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', TaskType: 'AUTO', StartTime: 1_700_000_000_000, EndTime: 1_700_000_060_000, NamespaceName: 'ns', RepoName: 'nginx', SourceProvider: 'DOCKER_HUB', SourceNamespaceName: 'library', SourceRepoName: 'nginx', TagTotalCount: 4, TagSubscriptionCount: 4 };

function instance(region: string, id: string, taskCount: number): SimInstance {
  return {
    instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: region },
    rules: [],
    tasks: staticTaskSource(Array.from({ length: taskCount }, (_, index) => ({ ...RAW_TASK, TaskId: `${id}-t${index}`, InstanceId: id }))),
  };
}

let simulator: RunningSimulator;
const credential: AlibabaCredential = new credentials.default(new credentials.Config({ type: 'access_key', ...KEY }));

/** The configuration from flags, pointed at the simulator; `regions` patches each region. */
function config(argv: string[] = [], regions: Partial<ExporterConfig['regions'][number]>[] = []): ExporterConfig {
  const loaded = loadConfig({ argv: [...simulator.regions.flatMap((id) => ['--region', id]), '--api.retry.initial-backoff', '1ms', ...argv], env: {} }).config;
  loaded.regions = loaded.regions.map((region, index) => ({ ...region, endpoint: simulator.endpoint(region.id), protocol: 'http', ...regions[index] }));
  return loaded;
}

const line = (checks: Check[], name: string, target: string) => checks.find((check) => check.name === name && check.target === target);
const summary = (checks: Check[]) => checks.map((check) => `${check.status} ${check.target} ${check.name}`);

beforeAll(async () => {
  simulator = await startSimulator({
    dataset: {
      regions: [
        { id: HANGZHOU, instances: [instance(HANGZHOU, 'cri-hz1', 3), instance(HANGZHOU, 'cri-hz2', 0)] },
        { id: SHANGHAI, instances: [instance(SHANGHAI, 'cri-sh1', 1)] },
      ],
    },
    credentials: [KEY],
  });
});

afterEach(() => simulator.faults.clear());

afterAll(async () => {
  await simulator.close();
});

describe('runDoctor', () => {
  it('passes every check of a healthy account, one call of PageSize 1 per action and instance', async () => {
    const before = simulator.requests.entries.length;
    const report = await runDoctor(config(), { credential });

    expect(summary(report.checks)).toEqual([
      'ok all regions credentials',
      'ok cn-hangzhou dns',
      'ok cn-hangzhou connect',
      'ok cn-hangzhou clock',
      'ok cn-hangzhou ListInstance',
      'ok cn-hangzhou/cri-hz1 ListArtifactSubscriptionTask',
      'ok cn-hangzhou/cri-hz1 ListArtifactSubscriptionRule',
      'ok cn-hangzhou/cri-hz1 GetArtifactSubscriptionTaskResult',
      'ok cn-hangzhou/cri-hz2 ListArtifactSubscriptionTask',
      'ok cn-hangzhou/cri-hz2 ListArtifactSubscriptionRule',
      'skipped cn-hangzhou/cri-hz2 GetArtifactSubscriptionTaskResult',
      'ok cn-shanghai dns',
      'ok cn-shanghai connect',
      'ok cn-shanghai clock',
      'ok cn-shanghai ListInstance',
      'ok cn-shanghai/cri-sh1 ListArtifactSubscriptionTask',
      'ok cn-shanghai/cri-sh1 ListArtifactSubscriptionRule',
      'ok cn-shanghai/cri-sh1 GetArtifactSubscriptionTaskResult',
    ]);
    expect(report.counts.failed).toBe(0);
    expect(report.policy).toBeUndefined();
    expect(line(report.checks, 'credentials', 'all regions')?.detail).toBe('access key; AccessKey id LTAI****0001');
    expect(line(report.checks, 'ListArtifactSubscriptionTask', 'cn-hangzhou/cri-hz1')?.detail).toBe('answered: first task cri-hz1-t0 (COMPLETED, SUCCESS)');
    expect(line(report.checks, 'GetArtifactSubscriptionTaskResult', 'cn-hangzhou/cri-hz2')?.detail).toBe('no task');
    expect(line(report.checks, 'ListInstance', HANGZHOU)?.detail).toBe('2 instance(s) with status RUNNING after the include/exclude filters');

    const calls = simulator.requests.entries.slice(before).filter((entry) => entry.action !== '');
    const instanceCalls = calls.filter((entry) => entry.action !== 'ListInstance');
    expect(instanceCalls.map((entry) => `${entry.action} ${entry.instanceId}`).sort()).toEqual(
      [
        'GetArtifactSubscriptionTaskResult cri-hz1',
        'GetArtifactSubscriptionTaskResult cri-sh1',
        ...['cri-hz1', 'cri-hz2', 'cri-sh1'].flatMap((id) => [`ListArtifactSubscriptionRule ${id}`, `ListArtifactSubscriptionTask ${id}`]),
      ].sort(),
    );
    expect(instanceCalls.every((entry) => entry.pageSize === 1 && entry.pageNo === 1)).toBe(true);
  });

  it('names the RAM action of a denied call and puts exactly the denied ones in the policy', async () => {
    simulator.faults.add({ kind: 'forbidden', action: 'ListArtifactSubscriptionRule', instanceId: 'cri-sh1' });
    const report = await runDoctor(config(), { credential });

    expect(report.counts.failed).toBe(1);
    const denied = line(report.checks, 'ListArtifactSubscriptionRule', 'cn-shanghai/cri-sh1');
    expect(denied?.status).toBe('failed');
    expect(denied?.detail).toMatch(/^denied \(NoPrivilege HTTP 403 RequestId [0-9A-F-]+\): grant cr:ListArtifactSubscriptionRule on acs:cr:cn-shanghai:\*:instance\/cri-sh1$/);
    expect(report.policy).toEqual({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['cr:ListArtifactSubscriptionRule'], Resource: 'acs:cr:cn-shanghai:*:instance/cri-sh1' }],
    });
  });

  it('checks no instance of a region whose ListInstance is denied, and grants it on "*"', async () => {
    simulator.faults.add({ kind: 'forbidden', action: 'ListInstance', region: HANGZHOU });
    const report = await runDoctor(config(), { credential });

    expect(line(report.checks, 'ListInstance', HANGZHOU)).toMatchObject({ status: 'failed', denied: { action: 'ListInstance', region: HANGZHOU } });
    expect(report.checks.filter((check) => check.target.startsWith(`${HANGZHOU}/`))).toEqual([]);
    expect(report.policy?.Statement).toEqual([{ Effect: 'Allow', Action: ['cr:ListInstance'], Resource: '*' }]);
  });

  it('skips ListInstance for a static instance list and applies the shard', async () => {
    // The FNV-1a hashes of cri-hz1 and cri-hz2 fall on different shards of 2: shard 1 owns one of them.
    const report = await runDoctor(config(['--sharding.total-shards', '2', '--sharding.shard', '1'], [{ instances: ['cri-hz1', 'cri-hz2'] }]), { credential });

    expect(line(report.checks, 'ListInstance', HANGZHOU)).toMatchObject({ status: 'skipped', detail: expect.stringContaining('static instances list (2): the exporter does not call ListInstance here') });
    const checkedHangzhou = new Set(report.checks.filter((check) => check.target.startsWith(`${HANGZHOU}/`)).map((check) => check.target));
    expect(checkedHangzhou.size).toBe(1);
    expect(line(report.checks, 'ListInstance', HANGZHOU)?.detail).toContain('; 1 on shard 1 of 0..1');
  });

  it('warns when discovery leaves nothing to collect', async () => {
    const report = await runDoctor(config(['--discovery.include-ids', '^cri-none$']), { credential });

    expect(line(report.checks, 'ListInstance', HANGZHOU)).toMatchObject({ status: 'warn', detail: expect.stringContaining('nothing to collect') });
    expect(report.counts.failed).toBe(0);
  });

  it('retries a call at most once', async () => {
    simulator.faults.add({ kind: 'server-error', action: 'ListArtifactSubscriptionTask', instanceId: 'cri-sh1' });
    const before = simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });
    const report = await runDoctor(config(['--api.retry.max-attempts', '4']), { credential });

    expect(line(report.checks, 'ListArtifactSubscriptionTask', 'cn-shanghai/cri-sh1')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^SystemError HTTP 500 RequestId \S+ after 2 attempts: /) });
    expect(line(report.checks, 'GetArtifactSubscriptionTaskResult', 'cn-shanghai/cri-sh1')).toMatchObject({ status: 'skipped', detail: 'no TaskId: ListArtifactSubscriptionTask failed' });
    // 3 instances, and cri-sh1's listing twice.
    expect(simulator.requests.count({ action: 'ListArtifactSubscriptionTask' }) - before).toBe(4);
  });

  it('skips the API checks of a region whose endpoint does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await runDoctor(config([], [{ endpoint: `127.0.0.1:${port}` }]), { credential });

    expect(line(report.checks, 'connect', HANGZHOU)).toMatchObject({ status: 'failed', detail: expect.stringContaining('ECONNREFUSED') });
    expect(line(report.checks, 'API actions', HANGZHOU)).toEqual({ status: 'skipped', name: 'API actions', target: HANGZHOU, detail: 'the endpoint is unreachable' });
    expect(line(report.checks, 'ListInstance', SHANGHAI)?.status).toBe('ok');
  });

  it('fails the credentials line when no key comes, and skips the API checks', async () => {
    const broken = { getCredential: () => Promise.reject(new Error('unable to get credentials from any of the providers in the chain: env not set')) } as unknown as AlibabaCredential;
    const report = await runDoctor(config(), { credential: broken });

    expect(report.checks[0]).toEqual({ status: 'failed', name: 'credentials', target: 'all regions', detail: 'no credential: unable to get credentials from any of the providers in the chain: env not set' });
    expect(report.checks.filter((check) => check.name === 'API actions').map((check) => check.detail)).toEqual(['no credential', 'no credential']);
  });
});
