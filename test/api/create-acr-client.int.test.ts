/**
 * The real stack (openapi-core over HTTP on 127.0.0.1, signed by openapi-core with an access_key
 * Credential) against the simulator: every action, every error class, paging with drift, a lying
 * TotalCount, retries and their bounds, and the metrics they leave on the registry.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { Registry } from 'prom-client';
import { createAcrClient, type AcrClientSettings } from '../../src/api/create-acr-client.js';
import type { AcrClient } from '../../src/api/acr-client.js';
import { ApiError } from '../../src/errors.js';
import { METRICS } from '../../src/metric-names.js';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimDataset, type TaskSource } from '../../src/simulator/index.js';
import { TEST_STS_ENDPOINT } from '../support/api-options.js';

const KEY = { accessKeyId: 'int-test-key', accessKeySecret: 'int-test-secret' };
const REGION = 'cn-hangzhou';
const OTHER_REGION = 'cn-shanghai';
const CLOSED_REGION = 'cn-closed';
const MAX_ATTEMPTS = 3;
const LYING_MAX_PAGES = 5;

function rawTask(id: string, instanceId: string, index: number): Record<string, unknown> {
  return {
    TaskId: id,
    InstanceId: instanceId,
    TaskStatus: 'SUCCESS',
    TaskResult: 'SUCCESS',
    TaskType: 'AUTO',
    StartTime: String(1_700_000_000_000 + index * 1_000),
    EndTime: String(1_700_000_000_000 + index * 1_000 + 500),
    NamespaceName: 'ns',
    RepoName: `repo-${index % 7}`,
    SourceProvider: 'DOCKER_HUB',
    TagTotalCount: 10,
    TagSubscriptionCount: 4,
  };
}

function taskList(instanceId: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => rawTask(`${instanceId}-t${i}`, instanceId, i));
}

/** A task list whose TotalCount says a million and whose every page is full: paging must stop at maxPages. */
function lyingTaskSource(instanceId: string): TaskSource {
  const page = taskList(instanceId, 100);
  return {
    count: () => 1_000_000,
    slice: (_now, _offset, limit) => page.slice(0, limit),
    insertAtHead: () => undefined,
  };
}

function instance(id: string, region: string, tasks: TaskSource) {
  return {
    instance: { InstanceId: id, InstanceName: `name-${id}`, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: region },
    rules: [
      {
        RuleId: `crasr-${id}`,
        InstanceId: id,
        NamespaceName: 'ns',
        RepoName: 'nginx',
        SourceProvider: 'DOCKER_HUB',
        SourceNamespaceName: 'library',
        SourceRepoName: 'nginx',
        TagRegexp: '.*',
        TagCount: 5,
        Platform: ['linux/amd64'],
        Override: false,
        Accelerate: true,
        CreateTime: 1_700_000_000_000,
        ModifiedTime: 1_700_000_100_000,
      },
    ],
    tasks,
  };
}

function dataset(): SimDataset {
  return {
    regions: [
      {
        id: REGION,
        instances: [
          instance('cri-big', REGION, staticTaskSource(taskList('cri-big', 250))),
          instance('cri-small', REGION, staticTaskSource(taskList('cri-small', 3))),
          instance('cri-drift', REGION, staticTaskSource(taskList('cri-drift', 250))),
          instance('cri-lying', REGION, lyingTaskSource('cri-lying')),
        ],
      },
      { id: OTHER_REGION, instances: [instance('cri-sh', OTHER_REGION, staticTaskSource(taskList('cri-sh', 1)))] },
    ],
  };
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** acr_exporter_api_requests_total{action, code}, exactly. */
async function apiRequests(registry: Registry, action: string, code: string): Promise<number> {
  const metric = registry.getSingleMetric(METRICS.apiRequests.name);
  const values = metric ? (await metric.get()).values : [];
  return values.find((value) => value.labels['action'] === action && value.labels['code'] === code)?.value ?? 0;
}

describe('AcrClient against the simulator', () => {
  let simulator: RunningSimulator;
  let closedEndpoint: string;

  beforeAll(async () => {
    simulator = await startSimulator({ dataset: dataset(), credentials: [KEY] });
    // A port that refuses connections: take a free one from a second simulator, then close it.
    const closed = await startSimulator({ dataset: { regions: [{ id: CLOSED_REGION, instances: [] }] }, credentials: [KEY] });
    closedEndpoint = closed.endpoint(CLOSED_REGION);
    await closed.close();
  });
  afterAll(async () => {
    await simulator.close();
  });
  afterEach(() => {
    simulator.faults.clear();
    simulator.requests.clear();
  });

  function settings(overrides: { readTimeoutMs?: number; maxPages?: number; requestsPerSecond?: number; burst?: number } = {}): AcrClientSettings {
    return {
      regions: [
        { id: REGION, endpoint: simulator.endpoint(REGION), protocol: 'http', instances: undefined },
        { id: OTHER_REGION, endpoint: simulator.endpoint(OTHER_REGION), protocol: 'http', instances: undefined },
        { id: CLOSED_REGION, endpoint: closedEndpoint, protocol: 'http', instances: undefined },
      ],
      paging: { pageSize: 100, maxPages: overrides.maxPages ?? 1000 },
      api: {
        connectTimeout: 2_000,
        readTimeout: overrides.readTimeoutMs ?? 2_000,
        requestsPerSecond: overrides.requestsPerSecond ?? 1_000,
        burst: overrides.burst ?? 1_000,
        adaptive: false,
        maxConcurrentRequests: 4,
        stsEndpoint: TEST_STS_ENDPOINT,
        retry: { maxAttempts: MAX_ATTEMPTS, initialBackoff: 20, maxBackoff: 100, maxElapsed: 5_000 },
      },
    };
  }

  function client(registry: Registry, options: { secret?: string } & Parameters<typeof settings>[0] = {}): AcrClient {
    const credential = new credentials.default(
      new credentials.Config({ type: 'access_key', accessKeyId: KEY.accessKeyId, accessKeySecret: options.secret ?? KEY.accessKeySecret }),
    );
    return createAcrClient(settings(options), registry, { credential, random: () => 0 });
  }

  describe('every action', () => {
    it('ListInstance lists each region from its own endpoint', async () => {
      const registry = new Registry();
      const acr = client(registry);

      const hangzhou = (await collect(acr.listInstances(REGION, { instanceStatus: 'RUNNING' }))).flat();
      const shanghai = (await collect(acr.listInstances(OTHER_REGION))).flat();

      expect(hangzhou.map((i) => i.instanceId)).toEqual(['cri-big', 'cri-small', 'cri-drift', 'cri-lying']);
      expect(shanghai).toEqual([{ instanceId: 'cri-sh', instanceName: 'name-cri-sh', instanceSpecification: 'Enterprise_Basic', instanceStatus: 'RUNNING', regionId: OTHER_REGION }]);
      expect(simulator.requests.count({ action: 'ListInstance', region: OTHER_REGION, status: 200 })).toBe(1);
      expect(await apiRequests(registry, 'ListInstance', 'success')).toBe(2);
    });

    it('ListArtifactSubscriptionTask pages 250 tasks in three calls of PageSize 100', async () => {
      const registry = new Registry();

      const pages = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-big'));

      expect(pages.map((page) => page.tasks.length)).toEqual([100, 100, 50]);
      expect(pages[0]?.tasks[0]).toMatchObject({ taskId: 'cri-big-t0', startTimeMs: 1_700_000_000_000, endTimeMs: 1_700_000_000_500, tagTotalCount: 10 });
      expect(simulator.requests.entries.map((entry) => [entry.pageNo, entry.pageSize])).toEqual([[1, 100], [2, 100], [3, 100]]);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'success')).toBe(3);
    });

    it('ListArtifactSubscriptionRule and GetArtifactSubscriptionTaskResult', async () => {
      const registry = new Registry();
      const acr = client(registry);

      const rules = (await collect(acr.listSubscriptionRules(REGION, 'cri-small'))).flat();
      const tags = await acr.getSubscriptionTaskResult(REGION, 'cri-small', 'cri-small-t1');

      expect(rules).toEqual([expect.objectContaining({ ruleId: 'crasr-cri-small', platform: ['linux/amd64'], accelerate: true, tagCount: 5 })]);
      expect(tags).toHaveLength(4); // TagSubscriptionCount 4, finished SUCCESS: one COMPLETED entry per subscribed tag
      expect(tags.every((tag) => tag.status === 'COMPLETED' && tag.result === 'SUCCESS' && tag.repoName === 'repo-1')).toBe(true);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionRule', 'success')).toBe(1);
      expect(await apiRequests(registry, 'GetArtifactSubscriptionTaskResult', 'success')).toBe(1);
    });
  });

  describe('errors', () => {
    it('a wrong secret fails fast: auth error naming action and code, one attempt, one request', async () => {
      const registry = new Registry();

      const error = await collect(client(registry, { secret: 'wrong-secret' }).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'auth', action: 'ListArtifactSubscriptionTask', code: 'SignatureDoesNotMatch', statusCode: 400, attempts: 1 });
      expect((error as ApiError).message).toContain('ListArtifactSubscriptionTask cn-hangzhou/cri-small failed: SignatureDoesNotMatch');
      expect((error as ApiError).message).not.toContain('wrong-secret');
      expect(simulator.requests.count()).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'SignatureDoesNotMatch')).toBe(1);
    });

    it('throttling is retried after at least the x-acs-retry-after wait', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'throttling', action: 'ListArtifactSubscriptionTask', onCall: 1, retryAfterMs: 300 });

      const startedAt = performance.now();
      const pages = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small'));
      const elapsedMs = performance.now() - startedAt;

      expect(pages.flatMap((page) => page.tasks)).toHaveLength(3);
      expect(elapsedMs).toBeGreaterThanOrEqual(300);
      expect(simulator.requests.count({ code: 'Throttling.User', status: 400 })).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'Throttling.User')).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'success')).toBe(1);
    });

    it('ServiceUnavailable (503) is throttling and retried', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'throttling', code: 'ServiceUnavailable', times: 1 });

      const instances = (await collect(client(registry).listInstances(OTHER_REGION))).flat();

      expect(instances).toHaveLength(1);
      expect(simulator.requests.count({ code: 'ServiceUnavailable', status: 503 })).toBe(1);
      expect(await apiRequests(registry, 'ListInstance', 'ServiceUnavailable')).toBe(1);
    });

    it('403 NoPrivilege is not retried', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'forbidden', instanceId: 'cri-small' });

      const error = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'auth', code: 'NoPrivilege', statusCode: 403, instanceId: 'cri-small', attempts: 1 });
      expect((error as ApiError).requestId).toEqual(expect.any(String));
      expect(simulator.requests.count()).toBe(1);
    });

    it('500 SystemError is retried up to maxAttempts, then surfaces with the attempts made', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'server-error', action: 'ListArtifactSubscriptionRule' });

      const error = await collect(client(registry).listSubscriptionRules(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'server', code: 'SystemError', statusCode: 500, action: 'ListArtifactSubscriptionRule', attempts: MAX_ATTEMPTS });
      expect(simulator.requests.count({ code: 'SystemError' })).toBe(MAX_ATTEMPTS);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionRule', 'SystemError')).toBe(MAX_ATTEMPTS);
    });

    it('a 500 that clears is retried to success', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'server-error', times: 2 });

      const rules = (await collect(client(registry).listSubscriptionRules(REGION, 'cri-small'))).flat();

      expect(rules).toHaveLength(1);
      expect(simulator.requests.count()).toBe(3);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionRule', 'SystemError')).toBe(2);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionRule', 'success')).toBe(1);
    });

    it('no answer within readTimeout is a timeout, retried', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'timeout', times: 1 });

      const pages = await collect(client(registry, { readTimeoutMs: 200 }).listSubscriptionTasks(REGION, 'cri-small'));

      expect(pages.flatMap((page) => page.tasks)).toHaveLength(3);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'Timeout')).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'success')).toBe(1);
    });

    it('a 200 whose body is not JSON is invalid-response, not retried', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'non-json' });

      const error = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', statusCode: 200, attempts: 1 });
      expect(simulator.requests.count()).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'InvalidResponse')).toBe(1);
    });

    it.each([
      ['empty-500', 500],
      ['html-502', 502],
    ] as const)('a 5xx whose body is not JSON (%s) is a server error, retried up to maxAttempts', async (kind, status) => {
      const registry = new Registry();
      simulator.faults.add({ kind });

      const error = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'server', code: `HTTP${status}`, statusCode: status, attempts: MAX_ATTEMPTS });
      expect(simulator.requests.count()).toBe(MAX_ATTEMPTS);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', `HTTP${status}`)).toBe(MAX_ATTEMPTS);
    });

    it('a transient empty 500 is retried and the listing completes', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'empty-500', times: 1 });

      const pages = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small'));

      expect(pages.flatMap((page) => page.tasks)).toHaveLength(3);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'HTTP500')).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'success')).toBe(1);
    });

    it('a 200 with Tasks null and TotalCount > 0 is counted as InvalidResponse, not success', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'list-null' });

      const error = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', attempts: 1 });
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'InvalidResponse')).toBe(1);
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'success')).toBe(0);
    });

    it('HTTP 200 with IsSuccess false is invalid-response with the API code', async () => {
      const registry = new Registry();
      simulator.faults.add({ kind: 'not-success' });

      const error = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-small')).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'invalid-response', code: 'INSTANCE_NOT_EXIST', statusCode: 200, attempts: 1 });
      expect(await apiRequests(registry, 'ListArtifactSubscriptionTask', 'INSTANCE_NOT_EXIST')).toBe(1);
    });

    it('a closed port is a network error, retried up to maxAttempts', async () => {
      const registry = new Registry();

      const error = await collect(client(registry).listInstances(CLOSED_REGION)).catch((e: unknown) => e);

      expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', region: CLOSED_REGION, attempts: MAX_ATTEMPTS });
      expect(await apiRequests(registry, 'ListInstance', 'NetworkError')).toBe(MAX_ATTEMPTS);
    });
  });

  describe('paging', () => {
    it('a task inserted at the head before page 2: no TaskId twice, none lost', async () => {
      const registry = new Registry();
      const existing = new Set(taskList('cri-drift', 250).map((task) => task['TaskId'] as string));
      simulator.faults.add({ kind: 'insert-task', instanceId: 'cri-drift', pageNo: 2, times: 1, task: rawTask('cri-drift-new', 'cri-drift', 999) });

      const ids = (await collect(client(registry).listSubscriptionTasks(REGION, 'cri-drift'))).flatMap((page) => page.tasks.map((task) => task.taskId));

      expect(new Set(ids).size).toBe(ids.length);
      expect([...existing].filter((id) => !ids.includes(id))).toEqual([]);
      expect(ids).toHaveLength(250);
      // The fault did fire: the list grew while it was paged.
      const drift = simulator.dataset.regions[0]?.instances.find((candidate) => candidate.instance.InstanceId === 'cri-drift');
      expect(drift?.tasks.count(0)).toBe(251);
      expect(simulator.requests.count({ instanceId: 'cri-drift' })).toBe(3);
    });

    it('a lying TotalCount stops at maxPages', async () => {
      const registry = new Registry();

      const pages = await collect(client(registry, { maxPages: LYING_MAX_PAGES }).listSubscriptionTasks(REGION, 'cri-lying'));

      expect(pages).toHaveLength(LYING_MAX_PAGES);
      expect(pages.flatMap((page) => page.tasks)).toHaveLength(100); // the same page again: repeats dropped
      expect(simulator.requests.count({ instanceId: 'cri-lying' })).toBe(LYING_MAX_PAGES);
      expect(await incompleteListings(registry, 'cri-lying')).toEqual({ max_pages: 1, empty_page: 0 });
    });

    /** Runs `body` with one more instance in REGION, removed again afterwards. */
    async function withInstance(id: string, tasks: number, oddities: { silentPageSizeCap?: number; announcedTotalCount?: number }, body: () => Promise<void>): Promise<void> {
      const region = simulator.dataset.regions[0]!;
      region.instances.push({ ...instance(id, REGION, staticTaskSource(taskList(id, tasks))), ...oddities });
      try {
        await body();
      } finally {
        region.instances.splice(region.instances.findIndex((candidate) => candidate.instance.InstanceId === id), 1);
      }
    }

    it('TotalCount 50 with 250 tasks lists all 250 (a full page beyond TotalCount means more may follow)', async () => {
      await withInstance('cri-lowtotal', 250, { announcedTotalCount: 50 }, async () => {
        const registry = new Registry();

        const ids = (await collect(client(registry).listSubscriptionTasks(REGION, 'cri-lowtotal'))).flatMap((page) => page.tasks.map((task) => task.taskId));

        expect(new Set(ids)).toEqual(new Set(taskList('cri-lowtotal', 250).map((task) => task['TaskId'])));
        expect(simulator.requests.entries.map((entry) => entry.pageNo)).toEqual([1, 2, 3]);
        expect(await incompleteListings(registry, 'cri-lowtotal')).toEqual({ max_pages: 0, empty_page: 0 });
      });
    });

    it('a silent PageSize cap of 50 (answers PageSize 100, serves 50) with 237 tasks lists all 237', async () => {
      await withInstance('cri-capped', 237, { silentPageSizeCap: 50 }, async () => {
        const registry = new Registry();

        const pages = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-capped'));

        expect(pages.map((page) => page.tasks.length)).toEqual([50, 50, 50, 50, 37]);
        expect(new Set(pages.flatMap((page) => page.tasks.map((task) => task.taskId))).size).toBe(237);
        expect(simulator.requests.entries.map((entry) => [entry.pageNo, entry.pageSize])).toEqual([[1, 100], [2, 100], [3, 100], [4, 100], [5, 100]]);
      });
    });

    it('an empty page before TotalCount is an incomplete listing: counted, and the tasks listed are kept', async () => {
      await withInstance('cri-overstated', 120, { announcedTotalCount: 300 }, async () => {
        const registry = new Registry();

        const pages = await collect(client(registry).listSubscriptionTasks(REGION, 'cri-overstated'));

        expect(pages.flatMap((page) => page.tasks)).toHaveLength(120);
        expect(await incompleteListings(registry, 'cri-overstated')).toEqual({ max_pages: 0, empty_page: 1 });
      });
    });
  });

  /** acr_exporter_incomplete_listings_total of one instance in REGION, by reason. */
  async function incompleteListings(registry: Registry, instanceId: string): Promise<Record<string, number>> {
    const metric = registry.getSingleMetric(METRICS.incompleteListings.name);
    const values = metric ? (await metric.get()).values : [];
    return Object.fromEntries(
      values.filter((value) => value.labels['region'] === REGION && value.labels['instance_id'] === instanceId).map((value) => [String(value.labels['reason']), value.value]),
    );
  }

  it('spends the request budget over real HTTP (loosely: 6 calls at 20/s with burst 1 take >= 250 ms)', async () => {
    const registry = new Registry();
    const acr = client(registry, { requestsPerSecond: 20, burst: 1 });

    const startedAt = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => collect(acr.listInstances(OTHER_REGION))));
    const elapsedMs = performance.now() - startedAt;

    expect(elapsedMs).toBeGreaterThanOrEqual(250);
    expect(await apiRequests(registry, 'ListInstance', 'success')).toBe(6);
  });
});
