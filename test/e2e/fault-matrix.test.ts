/**
 * The fault matrix: every fault class the simulator injects, against the real exporter
 * (startExporter: real HTTP, real openapi-core signing, retries, paging, collection, /metrics).
 * Each case runs three scrapes on a fresh simulator and exporter:
 *   0. no fault: the baseline;
 *   1. the fault on the victim instance's task listing: the exporter stays up, the bystanders'
 *      values are exact, the victim is marked (collect_success 0) or recovers within the
 *      collection when the fault is transient, each attempt is counted under its code;
 *   2. the fault gone and NEW_FINISHED tasks finished on the victim: it is back, and its completed
 *      counters grew by exactly the tasks that finished since the baseline.
 * Every exposition parses, and passes `promtool check metrics` when promtool is installed
 * (required when CI=true).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../../src/config/load-config.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { startSimulator, staticTaskSource, type FaultSpec, type RunningSimulator, type SimInstance } from '../../src/simulator/index.js';
import { findSamples, parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { planForBinaries } from '../support/prometheus-binaries.js';
import { silentLogger } from '../support/silent-logger.js';

const KEY = { accessKeyId: 'LTAIfaultmatrixkey01', accessKeySecret: 'fault-matrix-secret' };
const HANGZHOU = 'cn-hangzhou';
const SHANGHAI = 'cn-shanghai';
const VICTIM = 'cri-victim';
/** Finished tasks of the victim: every fifth FAILED, the rest SUCCESS; two pages of 100. */
const VICTIM_TASKS = 150;
const NEW_FINISHED = 3;
const MAX_ATTEMPTS = 3;
const READ_TIMEOUT_MS = 400;
const TASK_ACTION = 'ListArtifactSubscriptionTask';

const promtool = (() => {
  const plan = planForBinaries(['promtool']);
  if (plan.action === 'fail') throw new Error(plan.message);
  return plan.action === 'run' ? plan.paths.promtool : undefined;
})();

function finishedTask(instanceId: string, index: number, result: string): Record<string, unknown> {
  const startMs = 1_700_000_000_000 + index * 60_000;
  return {
    TaskId: `${instanceId}-t${index}`,
    InstanceId: instanceId,
    TaskStatus: 'COMPLETED',
    TaskResult: result,
    TaskType: 'AUTO',
    StartTime: String(startMs),
    EndTime: String(startMs + 30_000),
    ArtifactType: 'IMAGE',
    SourceProvider: 'DOCKER_HUB',
    SourceRepoType: 'PUBLIC',
    SourceNamespaceName: 'library',
    SourceRepoName: `repo-${index % 3}`,
    NamespaceName: 'mirror',
    RepoName: `repo-${index % 3}`,
    TagTotalCount: 10,
    TagSubscriptionCount: 10,
  };
}

function simInstance(id: string, region: string, tasks: Record<string, unknown>[]): SimInstance {
  return {
    instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: region },
    rules: [],
    tasks: staticTaskSource(tasks),
  };
}

/** Bystanders and what /metrics must say about them, exactly, in every scrape. */
const BYSTANDERS = [
  { region: HANGZHOU, id: 'cri-neighbour', tasks: [finishedTask('cri-neighbour', 1, 'SUCCESS'), finishedTask('cri-neighbour', 2, 'FAILED')], expected: { SUCCESS: 1, FAILED: 1 } },
  { region: SHANGHAI, id: 'cri-far', tasks: [finishedTask('cri-far', 1, 'SUCCESS')], expected: { SUCCESS: 1 } },
] as const;

function victimTasks(): Record<string, unknown>[] {
  return Array.from({ length: VICTIM_TASKS }, (_, i) => finishedTask(VICTIM, i, i % 5 === 0 ? 'FAILED' : 'SUCCESS'));
}

interface FaultCase {
  name: string;
  /** The fault, on the victim's task listing; or an oddity of the victim instance itself. */
  fault?: Omit<FaultSpec, 'instanceId' | 'action'>;
  instance?: Pick<SimInstance, 'silentPageSizeCap' | 'announcedTotalCount'>;
  /** Whether the victim's collection succeeds while the fault is on. */
  up: boolean;
  /** Exact count of ListArtifactSubscriptionTask attempts per code while the fault is on ('success' excluded). */
  codes: Record<string, number>;
  /**
   * Tasks the fault puts at the head of the victim's list (finished, so they count as completed).
   * Inserted after page 1 was served, a task is first listed by the next collection; the task it
   * pushes onto page 2 is listed once, not twice.
   */
  inserted?: number;
}

const INSERTED_TASK = { ...finishedTask(VICTIM, 10_000, 'SUCCESS'), TaskId: 'cri-victim-inserted' };

const CASES: FaultCase[] = [
  { name: 'latency under the timeout', fault: { kind: 'latency', latencyMs: 100 }, up: true, codes: {} },
  { name: 'a timeout, once', fault: { kind: 'timeout', times: 1 }, up: true, codes: { Timeout: 1 } },
  { name: 'a timeout, every time', fault: { kind: 'timeout' }, up: false, codes: { Timeout: MAX_ATTEMPTS } },
  { name: 'throttling with retry-after, twice', fault: { kind: 'throttling', retryAfterMs: 30, times: 2 }, up: true, codes: { 'Throttling.User': 2 } },
  { name: 'throttling, every time', fault: { kind: 'throttling', retryAfterMs: 10 }, up: false, codes: { 'Throttling.User': MAX_ATTEMPTS } },
  { name: '403 NoPrivilege', fault: { kind: 'forbidden' }, up: false, codes: { NoPrivilege: 1 } },
  { name: '500 JSON, once', fault: { kind: 'server-error', times: 1 }, up: true, codes: { SystemError: 1 } },
  { name: '500 JSON, every time', fault: { kind: 'server-error' }, up: false, codes: { SystemError: MAX_ATTEMPTS } },
  { name: 'empty 500, once', fault: { kind: 'empty-500', times: 1 }, up: true, codes: { HTTP500: 1 } },
  { name: 'empty 500, every time', fault: { kind: 'empty-500' }, up: false, codes: { HTTP500: MAX_ATTEMPTS } },
  { name: 'HTML 502, once', fault: { kind: 'html-502', times: 1 }, up: true, codes: { HTTP502: 1 } },
  { name: 'HTML 502, every time', fault: { kind: 'html-502' }, up: false, codes: { HTTP502: MAX_ATTEMPTS } },
  { name: 'non-JSON 200', fault: { kind: 'non-json' }, up: false, codes: { InvalidResponse: 1 } },
  { name: '200 IsSuccess false INSTANCE_NOT_EXIST', fault: { kind: 'not-success' }, up: false, codes: { INSTANCE_NOT_EXIST: 1 } },
  { name: '200 with Tasks null', fault: { kind: 'list-null' }, up: false, codes: { InvalidResponse: 1 } },
  { name: 'a task inserted at the head between pages', fault: { kind: 'insert-task', pageNo: 2, times: 1, task: INSERTED_TASK }, up: true, codes: {}, inserted: 1 },
  { name: 'a silent PageSize cap of 40', instance: { silentPageSizeCap: 40 }, up: true, codes: {} },
  { name: 'TotalCount lower than the list', instance: { announcedTotalCount: 20 }, up: true, codes: {} },
];

let simulator: RunningSimulator | undefined;
let exporter: RunningExporter | undefined;

afterEach(async () => {
  await exporter?.close();
  await simulator?.close();
  exporter = undefined;
  simulator = undefined;
});

async function start(): Promise<{ simulator: RunningSimulator; exporter: RunningExporter }> {
  simulator = await startSimulator({
    dataset: {
      regions: [
        { id: HANGZHOU, instances: [simInstance(VICTIM, HANGZHOU, victimTasks()), ...BYSTANDERS.filter((b) => b.region === HANGZHOU).map((b) => simInstance(b.id, b.region, [...b.tasks]))] },
        { id: SHANGHAI, instances: BYSTANDERS.filter((b) => b.region === SHANGHAI).map((b) => simInstance(b.id, b.region, [...b.tasks])) },
      ],
    },
    credentials: [KEY],
  });
  const { config } = loadConfig({ argv: ['--region', HANGZHOU, '--region', SHANGHAI, '--web.listen-address', '127.0.0.1:0'], env: {} });
  const running = simulator;
  config.regions = config.regions.map((region) => ({ ...region, endpoint: running.endpoint(region.id), protocol: 'http' }));
  config.collection = { ...config.collection, mode: 'scrape', cacheTtl: 0 };
  config.api = {
    ...config.api,
    connectTimeout: READ_TIMEOUT_MS,
    readTimeout: READ_TIMEOUT_MS,
    requestsPerSecond: 1000,
    burst: 1000,
    retry: { maxAttempts: MAX_ATTEMPTS, initialBackoff: 5, maxBackoff: 20, maxElapsed: 10_000 },
  };
  const credential = new credentials.default(new credentials.Config({ type: 'access_key', ...KEY }));
  exporter = await startExporter(config, { logger: silentLogger, credential });
  return { simulator, exporter };
}

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  const samples = parseExposition(text); // throws on a line that is not a sample
  if (promtool) {
    const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  }
  return samples;
}

function collectSuccess(samples: Sample[], region: string, instanceId: string): number | undefined {
  return sampleValue(samples, 'acr_exporter_collect_success', { region, instance_id: instanceId });
}

function completed(samples: Sample[], result: string): number {
  return sampleValue(samples, 'acr_subscription_tasks_completed_total', { region: HANGZHOU, instance_id: VICTIM, result }) ?? 0;
}

function listedTasks(samples: Sample[], region: string, instanceId: string): Record<string, number> {
  const byResult: Record<string, number> = {};
  for (const sample of findSamples(samples, 'acr_subscription_tasks', { region, instance_id: instanceId })) {
    const result = sample.labels['result'] ?? '';
    byResult[result] = (byResult[result] ?? 0) + sample.value;
  }
  return byResult;
}

/** acr_exporter_api_requests_total{action=ListArtifactSubscriptionTask} by code, success left out. */
function taskListingCodes(samples: Sample[]): Record<string, number> {
  return Object.fromEntries(
    findSamples(samples, 'acr_exporter_api_requests_total', { action: TASK_ACTION })
      .filter((sample) => sample.labels['code'] !== 'success')
      .map((sample) => [sample.labels['code'], sample.value]),
  );
}

function expectBystandersExact(samples: Sample[]): void {
  for (const bystander of BYSTANDERS) {
    expect(collectSuccess(samples, bystander.region, bystander.id)).toBe(1);
    expect(listedTasks(samples, bystander.region, bystander.id)).toEqual(bystander.expected);
  }
}

describe('fault matrix', () => {
  it.each(CASES)('$name', async (testCase) => {
    const { simulator: sim, exporter: running } = await start();
    const victim = sim.dataset.regions[0]!.instances[0]!;
    const victimFailed = VICTIM_TASKS / 5;

    // 0. Baseline.
    const baseline = await scrape(running.url);
    expect(collectSuccess(baseline, HANGZHOU, VICTIM)).toBe(1);
    expect(listedTasks(baseline, HANGZHOU, VICTIM)).toEqual({ SUCCESS: VICTIM_TASKS - victimFailed, FAILED: victimFailed });
    expectBystandersExact(baseline);

    // 1. The fault.
    const fault = testCase.fault ? sim.faults.add({ ...testCase.fault, action: TASK_ACTION, instanceId: VICTIM }) : undefined;
    Object.assign(victim, testCase.instance ?? {});
    const during = await scrape(running.url);
    expect(collectSuccess(during, HANGZHOU, VICTIM)).toBe(testCase.up ? 1 : 0);
    expectBystandersExact(during);
    expect(taskListingCodes(during)).toEqual(testCase.codes);
    const inserted = testCase.inserted ?? 0;
    if (testCase.up) {
      expect(listedTasks(during, HANGZHOU, VICTIM)).toEqual({ SUCCESS: VICTIM_TASKS - victimFailed, FAILED: victimFailed });
      expect(findSamples(during, 'acr_exporter_incomplete_listings_total', { instance_id: VICTIM }).map((sample) => sample.value)).toEqual([0, 0]);
    }

    // 2. The fault gone, NEW_FINISHED tasks finished.
    fault?.remove();
    delete victim.silentPageSizeCap;
    delete victim.announcedTotalCount;
    for (let i = 0; i < NEW_FINISHED; i++) victim.tasks.insertAtHead({ ...finishedTask(VICTIM, 20_000 + i, 'SUCCESS'), TaskId: `cri-victim-new-${i}` });
    const after = await scrape(running.url);
    expect(collectSuccess(after, HANGZHOU, VICTIM)).toBe(1);
    expectBystandersExact(after);
    expect(listedTasks(after, HANGZHOU, VICTIM)).toEqual({ SUCCESS: VICTIM_TASKS - victimFailed + inserted + NEW_FINISHED, FAILED: victimFailed });
    expect(completed(after, 'SUCCESS') - completed(baseline, 'SUCCESS')).toBe(inserted + NEW_FINISHED);
    expect(completed(after, 'FAILED') - completed(baseline, 'FAILED')).toBe(0);
  });
});
