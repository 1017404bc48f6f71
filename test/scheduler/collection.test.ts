import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import { ManualClock } from '../../src/clock.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { snapshotPreparer, type SnapshotPreparer } from '../../src/collector/snapshot-exposition.js';
import type { Snapshot } from '../../src/collector/snapshot.js';
import type { InstanceTarget } from '../../src/discovery/instance-target.js';
import type { TaskLister } from '../../src/scheduler/collect-targets.js';
import { Collection } from '../../src/scheduler/collection.js';
import { isReady } from '../../src/scheduler/readiness.js';
import type { Logger } from '../../src/logger.js';
import { recordingLogger } from '../support/recording-logger.js';
import { silentLogger } from '../support/silent-logger.js';
import { flush } from './fake-collection.js';

const REGION = 'cn-hangzhou';
const SCRAPE_TIMEOUT_MS = 10_000;

function task(instanceId: string, taskId: string): SubscriptionTask {
  return {
    taskId, instanceId, taskStatus: 'COMPLETED', taskResult: 'SUCCESS', taskType: 'AUTO', startTimeMs: 1000, endTimeMs: 61_000,
    artifactType: 'IMAGE', sourceProvider: 'DOCKER_HUB', sourceRepoType: 'PUBLIC', sourceNamespaceName: 'library', sourceRepoName: 'nginx',
    namespaceName: 'mirror', repoName: 'nginx', tagTotalCount: 2, tagSubscriptionCount: 2, message: '',
  };
}

/**
 * Every instance answers one page of `tasks[instanceId]` tasks; an instance named in `hanging` waits for
 * `release()` first, like an API call that does not answer.
 */
class GatedLister implements TaskLister {
  readonly tasks = new Map<string, number>();
  readonly hanging = new Set<string>();
  /** Instances whose listing fails, like an API call that keeps failing after its retries. */
  readonly failing = new Set<string>();
  /** Listings started. */
  started = 0;
  /** Instances the collection told the lister to forget. */
  readonly forgotten: string[] = [];
  private waiting: (() => void)[] = [];

  forgetInstance(_region: string, instanceId: string): void {
    this.forgotten.push(instanceId);
  }

  /** One call per listing (every listing here is one page). */
  get apiCalls(): number {
    return this.started;
  }

  async *listSubscriptionTasks(_region: string, instanceId: string): AsyncGenerator<SubscriptionTaskPage> {
    this.started += 1;
    if (this.hanging.has(instanceId)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failing.has(instanceId)) throw new Error(`listing ${instanceId} failed`);
    const count = this.tasks.get(instanceId) ?? 0;
    yield { pageNo: 1, tasks: Array.from({ length: count }, (_, i) => task(instanceId, `${instanceId}-${i}`)), invalid: [] };
  }

  release(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }
}

const KEEP_STALE_DATA_MS = 15 * 60_000;

function setup(instanceIds: string[], options: { logger?: Logger; prepare?: SnapshotPreparer } = {}) {
  const clock = new ManualClock(1_000_000);
  const lister = new GatedLister();
  const registry = new Registry();
  const completions = new CompletionTracker(1000);
  const targets: InstanceTarget[] = instanceIds.map((instanceId) => ({ region: REGION, instanceId, info: undefined }));
  const discovery = { discover: async () => ({ targets: [...targets], discoveredCount: targets.length, failures: [] }) };
  const collection = new Collection({
    discovery,
    lister,
    metrics: new ExporterMetrics(registry, { version: 'test' }),
    completions,
    prepare: options.prepare ?? snapshotPreparer(registry),
    config: { concurrency: 4, inProgressStatuses: ['RUNNING'], keepStaleData: KEEP_STALE_DATA_MS },
    shard: { index: 0, total: 1 },
    clock,
    logger: options.logger ?? silentLogger,
  });
  return { clock, lister, targets, collection, registry, completions };
}

const tasksListed = (snapshot: Snapshot | undefined) =>
  Object.fromEntries((snapshot?.instances ?? []).map((instance) => [instance.instanceId, instance.tasks?.tasksListed]));

const collectSuccess = (snapshot: Snapshot | undefined) =>
  Object.fromEntries((snapshot?.instances ?? []).map((instance) => [instance.instanceId, instance.collectSuccess]));

describe('Collection: orchestration', () => {
  it('isolates a failing instance: the others are collected, it is marked failed with its error', async () => {
    const { lister, collection } = setup(['cri-a', 'cri-bad', 'cri-b']);
    lister.tasks.set('cri-a', 2);
    lister.tasks.set('cri-b', 3);
    lister.failing.add('cri-bad');

    const snapshot = await collection.run();

    expect(collectSuccess(snapshot)).toEqual({ 'cri-a': true, 'cri-bad': false, 'cri-b': true });
    expect(tasksListed(snapshot)).toEqual({ 'cri-a': 2, 'cri-bad': undefined, 'cri-b': 3 });
    expect(snapshot.instances.find((instance) => instance.instanceId === 'cri-bad')?.error).toEqual({ code: 'Error', message: 'listing cri-bad failed' });
  });

  it("keeps a failing instance's last good data for keepStaleData, then drops it", async () => {
    const { clock, lister, collection } = setup(['cri-a']);
    lister.tasks.set('cri-a', 2);
    await collection.run();
    lister.failing.add('cri-a');

    await clock.advance(KEEP_STALE_DATA_MS);
    const withinBound = await collection.run();
    await clock.advance(1);
    const pastBound = await collection.run();

    expect([collectSuccess(withinBound), tasksListed(withinBound)]).toEqual([{ 'cri-a': false }, { 'cri-a': 2 }]);
    expect([collectSuccess(pastBound), tasksListed(pastBound)]).toEqual([{ 'cri-a': false }, { 'cri-a': undefined }]);
  });

  it('forgets an instance that vanished: its counters go, and if it comes back it starts with a new baseline', async () => {
    const { lister, targets, collection, registry } = setup(['cri-a', 'cri-gone']);
    const completed = async () => (await registry.metrics()).split('\n').filter((line) => line.startsWith('acr_subscription_tasks_completed_total{'));
    await collection.run();
    expect((await completed()).filter((line) => line.includes('cri-gone'))).toHaveLength(2); // SUCCESS and FAILED at 0

    targets.splice(1, 1);
    const without = await collection.run();
    expect(without.instances.map((instance) => instance.instanceId)).toEqual(['cri-a']);
    expect(lister.forgotten).toEqual(['cri-gone']);
    expect((await completed()).filter((line) => line.includes('cri-gone'))).toEqual([]);

    // Back with two finished tasks it has not listed before: they are its new baseline, not completions.
    targets.push({ region: REGION, instanceId: 'cri-gone', info: undefined });
    lister.tasks.set('cri-gone', 2);
    await collection.run();
    expect((await completed()).filter((line) => line.includes('cri-gone'))).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-gone",result="SUCCESS"} 0',
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-gone",result="FAILED"} 0',
    ]);
  });

  it('logs one line per collection with the API calls made in it, counted by the lister', async () => {
    const { logger, lines } = recordingLogger();
    const { collection } = setup(['cri-a', 'cri-b', 'cri-c'], { logger });
    await collection.run();
    await collection.run();

    const finished = lines.filter((line) => line['msg'] === 'collection finished');
    expect(finished.map((line) => line['apiCalls'])).toEqual([3, 3]);
    expect((finished[0]!['instances'] as { instanceId: string; success: boolean }[]).map((i) => [i.instanceId, i.success])).toEqual([
      ['cri-a', true],
      ['cri-b', true],
      ['cri-c', true],
    ]);
  });
});

describe('Collection: publication', () => {
  it('prepares bytes once per run, for the snapshot that ends it; partial snapshots are published at once without them', async () => {
    const prepared: number[] = [];
    const instanceIds = Array.from({ length: 40 }, (_, i) => `cri-${String(i).padStart(2, '0')}`);
    const { lister, collection } = setup(instanceIds, {
      prepare: async (snapshot) => {
        prepared.push(snapshot.instances.length);
        return snapshot;
      },
    });
    lister.hanging.add('cri-39');

    const running = collection.run();
    await flush();
    const partial = collection.latest;
    lister.release();
    const final = await running;

    expect(partial?.instances).toHaveLength(39);
    expect(partial?.exposition).toBeUndefined();
    expect(prepared).toEqual([40]);
    expect(collection.latest).toBe(final);
  });

  it('publishes the snapshot with its exposition prepared', async () => {
    const { lister, collection } = setup(['cri-a']);
    lister.tasks.set('cri-a', 2);

    const final = await collection.run();

    expect(final.exposition!.identity.toString('utf8')).toContain('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-a"} 1\n');
  });
});

describe('Collection with one hanging instance', () => {
  it('publishes the instances that finished at once, with the last good data of the hanging one', async () => {
    const { clock, lister, collection } = setup(['cri-a', 'cri-slow', 'cri-b']);
    for (const id of ['cri-a', 'cri-slow', 'cri-b']) lister.tasks.set(id, 1);
    await collection.run();

    for (const id of ['cri-a', 'cri-slow', 'cri-b']) lister.tasks.set(id, 3);
    lister.hanging.add('cri-slow');
    await clock.advance(60_000);
    const running = collection.run();
    await flush();

    expect(tasksListed(collection.latest)).toEqual({ 'cri-a': 3, 'cri-slow': 1, 'cri-b': 3 });
    const slow = collection.latest!.instances.find((instance) => instance.instanceId === 'cri-slow')!;
    expect(slow.lastSuccessTimeMs).toBe(1_000_000);
    expect(collection.latest!.takenAtMs).toBe(1_060_000);

    lister.release();
    const final = await running;
    expect(tasksListed(final)).toEqual({ 'cri-a': 3, 'cri-slow': 3, 'cri-b': 3 });
    expect(collection.latest).toBe(final);
  });

  it('serves the healthy instances of the very first collection while one hangs, and is ready after scrapeTimeout', async () => {
    const { clock, lister, collection } = setup(['cri-a', 'cri-slow']);
    lister.tasks.set('cri-a', 2);
    lister.hanging.add('cri-slow');
    const running = collection.run();
    await flush();

    expect(tasksListed(collection.latest)).toEqual({ 'cri-a': 2 });
    expect(collection.attempted).toBe(false);
    expect(isReady(collection, clock.now(), SCRAPE_TIMEOUT_MS)).toBe(false);
    await clock.advance(SCRAPE_TIMEOUT_MS - 1);
    expect(isReady(collection, clock.now(), SCRAPE_TIMEOUT_MS)).toBe(false);
    await clock.advance(1);
    expect(isReady(collection, clock.now(), SCRAPE_TIMEOUT_MS)).toBe(true);

    lister.release();
    await running;
    expect(collection.attempted).toBe(true);
  });

  it('is not ready after scrapeTimeout when no instance has finished yet', async () => {
    const { clock, lister, collection } = setup(['cri-slow']);
    lister.hanging.add('cri-slow');
    const running = collection.run();
    await flush();
    await clock.advance(SCRAPE_TIMEOUT_MS * 3);
    expect(collection.latest).toBeUndefined();
    expect(isReady(collection, clock.now(), SCRAPE_TIMEOUT_MS)).toBe(false);
    lister.release();
    await running;
    expect(isReady(collection, clock.now(), SCRAPE_TIMEOUT_MS)).toBe(true);
  });

  it('removes instances that are no longer targets when the run ends, not before', async () => {
    const { lister, targets, collection } = setup(['cri-a', 'cri-gone', 'cri-slow']);
    await collection.run();
    targets.splice(1, 1);
    lister.hanging.add('cri-slow');
    const running = collection.run();
    await flush();
    expect(Object.keys(tasksListed(collection.latest)).sort()).toEqual(['cri-a', 'cri-gone', 'cri-slow']);
    lister.release();
    expect(Object.keys(tasksListed(await running)).sort()).toEqual(['cri-a', 'cri-slow']);
  });

  it('starts a run asked for while one is in progress only after it (runs never overlap)', async () => {
    const { lister, collection } = setup(['cri-slow']);
    lister.hanging.add('cri-slow');
    lister.tasks.set('cri-slow', 1);
    const first = collection.run();
    const second = collection.run();
    await flush();
    expect(lister.started).toBe(1);
    lister.hanging.clear();
    lister.release();
    const [a, b] = await Promise.all([first, second]);
    expect(lister.started).toBe(2);
    expect(b.takenAtMs).toBeGreaterThanOrEqual(a.takenAtMs);
    expect(b).not.toBe(a);
  });
});

describe('Collection.reconfigure', () => {
  it('applies new targets from the next run and keeps the instance states', async () => {
    const { lister, collection } = setup(['cri-a']);
    lister.tasks.set('cri-a', 2);
    lister.tasks.set('cri-new', 4);
    await collection.run();
    const targets: InstanceTarget[] = [
      { region: REGION, instanceId: 'cri-a', info: undefined },
      { region: REGION, instanceId: 'cri-new', info: undefined },
    ];
    collection.reconfigure({
      discovery: { discover: async () => ({ targets, discoveredCount: 2, failures: [] }) },
      lister,
      config: { concurrency: 1, inProgressStatuses: ['RUNNING'], keepStaleData: 0 },
      shard: { index: 0, total: 1 },
    });
    expect(tasksListed(collection.latest)).toEqual({ 'cri-a': 2 });
    expect(tasksListed(await collection.run())).toEqual({ 'cri-a': 2, 'cri-new': 4 });
  });
});
