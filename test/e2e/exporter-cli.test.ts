/**
 * The built CLI against the simulator on loopback, through real HTTP and real openapi-core signing:
 * exact metric values for the known dataset, caching and single flight, interval mode, discovery
 * paging, and that the secret never shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, staticTaskSource, type RunningSimulator } from '../../src/simulator/index.js';
import { startCli, type CliRun } from '../support/cli-process.js';
import { findSamples, parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { finishKnownTasks, KNOWN_CREDENTIAL, KNOWN_FAULTS, knownDataset } from '../fixtures/known-dataset.js';

const credentialEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: KNOWN_CREDENTIAL.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: KNOWN_CREDENTIAL.accessKeySecret,
};

let simulator: RunningSimulator;
let workDir: string;
const running: CliRun[] = [];

function writeConfig(name: string, extra: string, sim: RunningSimulator = simulator): string {
  const path = join(workDir, name);
  const regions = sim.regions
    .map((id) => `  - id: ${id}\n    endpoint: ${sim.endpoint(id)}\n    protocol: http\n`)
    .join('');
  writeFileSync(path, `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\n${extra}`);
  return path;
}

async function start(configExtra: string, args: string[] = [], sim: RunningSimulator = simulator): Promise<CliRun> {
  const run = await startCli(['--config', writeConfig(`config-${running.length}.yml`, configExtra, sim), ...args], credentialEnv);
  running.push(run);
  return run;
}

async function scrape(run: CliRun): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${run.url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, samples: parseExposition(text) };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-e2e-'));
  simulator = await startSimulator({ dataset: knownDataset(), credentials: [KNOWN_CREDENTIAL] });
  for (const fault of KNOWN_FAULTS) simulator.faults.add(fault);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.stop()));
  simulator.requests.clear();
});

afterAll(async () => {
  await simulator.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('exporter CLI on the known dataset', () => {
  it('exposes the exact values of every task metric: the first listing a baseline, then the completions since', async () => {
    // A simulator of its own: this test changes its dataset.
    const dataset = knownDataset();
    const own = await startSimulator({ dataset, credentials: [KNOWN_CREDENTIAL] });
    try {
      const run = await start('collection:\n  mode: scrape\n  cacheTtl: 0s\n', [], own);
      let { samples } = await scrape(run);
      const alpha = { region: 'cn-hangzhou', instance_id: 'cri-alpha' };

      // Tasks listed now, by status and result (t6 has no TaskId and is not counted).
      const tasks = findSamples(samples, 'acr_subscription_tasks', alpha).map((s) => [s.labels.status, s.labels.result, s.value]);
      expect(tasks.sort()).toEqual([
        ['COMPLETED', 'FAILED', 1],
        ['COMPLETED', 'SUCCESS', 3],
        ['RUNNING', 'NONE', 2],
      ]);
      // The baseline: nothing counted, SUCCESS and FAILED exist at 0.
      const completed = (labels: Record<string, string>) => findSamples(samples, 'acr_subscription_tasks_completed_total', labels).map((s) => [s.labels.result, s.value]).sort();
      expect(completed(alpha)).toEqual([['FAILED', 0], ['SUCCESS', 0]]);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_count', { ...alpha, result: 'SUCCESS' })).toBe(0);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_count', { ...alpha, result: 'FAILED' })).toBe(0);
      expect(completed({ instance_id: 'cri-gamma' })).toEqual([['FAILED', 0], ['SUCCESS', 0]]);
      expect(sampleValue(samples, 'acr_exporter_invalid_tasks', { ...alpha, reason: 'missing_task_id' })).toBe(1);
      expect(sampleValue(samples, 'acr_exporter_invalid_tasks', { ...alpha, reason: 'negative_duration' })).toBe(1);
      expect(sampleValue(samples, 'acr_subscription_running_tasks_oldest_start_timestamp_seconds', alpha)).toBe(1700000500);

      // Per repository: the outcome of the newest FINISHED task; info and start of the newest task.
      const nginx = { ...alpha, namespace: 'mirror', repository: 'nginx' };
      expect(sampleValue(samples, 'acr_subscription_repository_tags', nginx)).toBe(10);
      expect(sampleValue(samples, 'acr_subscription_repository_subscribed_tags', nginx)).toBe(4);
      expect(sampleValue(samples, 'acr_subscription_repository_tag_subscription_ratio', nginx)).toBe(0.4);
      expect(sampleValue(samples, 'acr_subscription_repository_last_task_start_timestamp_seconds', nginx)).toBe(1700007200);
      expect(sampleValue(samples, 'acr_subscription_repository_last_task_duration_seconds', nginx)).toBe(300);
      expect(sampleValue(samples, 'acr_subscription_repository_last_success_timestamp_seconds', nginx)).toBe(1700000060);
      expect(findSamples(samples, 'acr_subscription_repository_last_task_info', nginx).map((s) => s.labels)).toEqual([
        { ...nginx, source_provider: 'DOCKER_HUB', source_namespace: 'library', source_repository: 'nginx', task_type: 'AUTO', status: 'RUNNING', result: 'NONE' },
      ]);
      const redis = { ...alpha, namespace: 'mirror', repository: 'redis' };
      expect(sampleValue(samples, 'acr_subscription_repository_tags', redis)).toBe(0);
      expect(sampleValue(samples, 'acr_subscription_repository_tag_subscription_ratio', redis)).toBeUndefined();
      expect(sampleValue(samples, 'acr_subscription_repository_last_task_duration_seconds', redis)).toBe(30);
      expect(sampleValue(samples, 'acr_subscription_repository_last_success_timestamp_seconds', redis)).toBe(1700000030);
      // pause has only a running task: no outcome yet.
      const pause = { ...alpha, namespace: 'gcr', repository: 'pause' };
      for (const name of ['tags', 'subscribed_tags', 'tag_subscription_ratio', 'last_task_duration_seconds', 'last_success_timestamp_seconds']) {
        expect([name, sampleValue(samples, `acr_subscription_repository_${name}`, pause)]).toEqual([name, undefined]);
      }
      expect(sampleValue(samples, 'acr_subscription_repository_last_task_start_timestamp_seconds', pause)).toBe(1700000500);
      expect(findSamples(samples, 'acr_subscription_repository_tags', { namespace: 'mirror', repository: 'ghost' })).toEqual([]);

      const busybox = { region: 'cn-shanghai', instance_id: 'cri-gamma', namespace: 'apps', repository: 'busybox' };
      expect(sampleValue(samples, 'acr_subscription_repository_tag_subscription_ratio', busybox)).toBe(0.5);

      // Time passes: t3 fails, t7 succeeds, t8 appears already finished. The next collection counts those three.
      finishKnownTasks(dataset);
      ({ samples } = await scrape(run));
      expect(completed(alpha)).toEqual([['FAILED', 1], ['SUCCESS', 2]]);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_count', { ...alpha, result: 'SUCCESS' })).toBe(2);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_sum', { ...alpha, result: 'SUCCESS' })).toBe(165);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_bucket', { ...alpha, result: 'SUCCESS', le: '60' })).toBe(1);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_count', { ...alpha, result: 'FAILED' })).toBe(1);
      expect(sampleValue(samples, 'acr_subscription_task_duration_seconds_sum', { ...alpha, result: 'FAILED' })).toBe(300);
      expect(completed({ instance_id: 'cri-gamma' })).toEqual([['FAILED', 0], ['SUCCESS', 0]]);
      expect(sampleValue(samples, 'acr_subscription_repository_tag_subscription_ratio', nginx)).toBe(0.5);
      expect(sampleValue(samples, 'acr_subscription_repository_last_success_timestamp_seconds', { ...alpha, namespace: 'gcr', repository: 'pause' })).toBe(1700000620);
      expect(sampleValue(samples, 'acr_subscription_repository_tags', redis)).toBe(6);
      expect(sampleValue(samples, 'acr_subscription_running_tasks_oldest_start_timestamp_seconds', alpha)).toBeUndefined();

      // Listed again, nothing is counted twice.
      ({ samples } = await scrape(run));
      expect(completed(alpha)).toEqual([['FAILED', 1], ['SUCCESS', 2]]);
    } finally {
      await own.close();
    }
  });

  it('marks the NoPrivilege instance failed while the others succeed, and lists discovered instances', async () => {
    const run = await start('');
    const { samples } = await scrape(run);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-alpha' })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-gamma' })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-beta' })).toBe(0);
    expect(findSamples(samples, 'acr_subscription_tasks', { instance_id: 'cri-beta' })).toEqual([]);
    expect(sampleValue(samples, 'acr_exporter_last_collect_success_timestamp_seconds', { instance_id: 'cri-beta' })).toBeUndefined();
    expect(sampleValue(samples, 'acr_exporter_last_collect_success_timestamp_seconds', { instance_id: 'cri-alpha' })).toBeGreaterThan(1.7e9);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionTask', code: 'NoPrivilege' })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionTask', code: 'success' })).toBe(2);
    expect(findSamples(samples, 'acr_instance_info').map((s) => s.labels)).toEqual(
      expect.arrayContaining([
        { region: 'cn-hangzhou', instance_id: 'cri-alpha', instance_name: 'alpha', instance_specification: 'Enterprise_Basic', instance_status: 'RUNNING' },
        { region: 'cn-shanghai', instance_id: 'cri-gamma', instance_name: 'gamma', instance_specification: 'Enterprise_Basic', instance_status: 'RUNNING' },
      ]),
    );
    expect(sampleValue(samples, 'acr_exporter_build_info')).toBe(1);
  });

  it('makes one collection for 20 concurrent scrapes of a just-started exporter, and no API call on a cached scrape', async () => {
    const run = await start('collection:\n  mode: scrape\n  cacheTtl: 5m\n');
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => scrape(run)));
    const oneCollection = simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });
    expect(oneCollection).toBe(3); // one page for each of the three instances
    expect(simulator.requests.count({ action: 'ListInstance' })).toBe(2); // one per region
    for (const { samples } of concurrent) expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-alpha' })).toBe(1);

    const before = simulator.requests.entries.length;
    await scrape(run);
    await scrape(run);
    expect(simulator.requests.entries.length).toBe(before);
  });

  it('in interval mode, serves scrapes from the background snapshot without calling the API', async () => {
    const run = await start('collection:\n  mode: interval\n  interval: 1h\n');
    // Ready once the first background collection finished.
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await fetch(`${run.url}/-/ready`)).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await fetch(`${run.url}/-/ready`)).status).toBe(200);
    const before = simulator.requests.entries.length;
    const { samples } = await scrape(run);
    await scrape(run);
    expect(simulator.requests.entries.length).toBe(before);
    // The background collection listed gamma once: its baseline, SUCCESS at 0.
    expect(sampleValue(samples, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-gamma', result: 'SUCCESS' })).toBe(0);
    expect(sampleValue(samples, 'acr_subscription_tasks', { instance_id: 'cri-gamma', status: 'COMPLETED', result: 'SUCCESS' })).toBe(1);
  });

  it('never shows the secret on /metrics, / or in debug logs', async () => {
    const run = await start('log:\n  level: debug\n');
    const metrics = await (await fetch(`${run.url}/metrics`)).text();
    const landing = await (await fetch(`${run.url}/`)).text();
    expect(landing).toContain('cri-alpha');
    expect(landing).toContain('NoPrivilege');
    await run.stop();
    for (const text of [metrics, landing, run.stdout(), run.stderr()]) {
      expect(text).not.toContain(KNOWN_CREDENTIAL.accessKeySecret);
    }
    expect(run.stdout()).toContain('"msg":"collection finished"');
    expect(run.stdout()).toContain('"msg":"api attempt"'); // debug lines were written, and hold no secret
  });

  it('exits 0 on SIGTERM', async () => {
    const run = await start('');
    await scrape(run);
    expect(await run.stop()).toBe(0);
  });
});

describe('exporter CLI discovery', () => {
  it('discovers instances across ListInstance pages', async () => {
    const region = simulator.dataset.regions[1]!;
    const added = Array.from({ length: 5 }, (_, i) => `cri-extra-${i}`);
    const original = region.instances.slice();
    for (const id of added) {
      region.instances.push({
        instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Standard', InstanceStatus: 'RUNNING', RegionId: region.id },
        rules: [],
        tasks: staticTaskSource([]),
      });
    }
    try {
      const run = await start('collection:\n  pageSize: 2\n');
      const { samples } = await scrape(run);
      const shanghai = findSamples(samples, 'acr_instance_info', { region: 'cn-shanghai' }).map((s) => s.labels.instance_id);
      expect(shanghai.sort()).toEqual(['cri-gamma', ...added].sort());
      // 6 instances, 2 a page: three full pages, then an empty one, since a full page that exactly
      // reaches TotalCount does not end a listing (src/api/paginate.ts).
      expect(simulator.requests.count({ action: 'ListInstance', region: 'cn-shanghai' })).toBe(4);
    } finally {
      region.instances.splice(0, region.instances.length, ...original);
    }
  });
});
