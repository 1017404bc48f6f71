/**
 * IncrementalTaskLister through the real stack (openapi-core signing, HTTP on 127.0.0.1) against
 * the simulator: the exact calls of a concrete scenario, each page read at most once per
 * collection, the fallback to a full listing in the same collection, resync, and orders the API
 * might use. After every collection the yielded tasks equal a full listing's of the same data.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ManualClock } from '../../src/clock.js';
import { METRICS } from '../../src/metric-names.js';
import { churningTaskSource, startSimulator, type ChurningTaskSource, type ListOrder, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { incrementalLister, rawTask, REGION, RESYNC_MS, simClient, simInstance, taskSeries } from './incremental-fixtures.js';

const KEY = { accessKeyId: 'incremental-key', accessKeySecret: 'incremental-secret' };
const FULL_KEY = { accessKeyId: 'full-listing-key', accessKeySecret: 'full-listing-secret' };
const PAGE_SIZE = 100;
const TASKS = 1000;

let simulator: RunningSimulator;
const dataset: SimDataset = { regions: [{ id: REGION, instances: [] }] };
let instances = 0;

beforeAll(async () => {
  simulator = await startSimulator({ dataset, credentials: [KEY, FULL_KEY] });
});
afterAll(() => simulator.close());
afterEach(() => simulator.requests.clear());

/** A new instance of `count` tasks (index 0 the newest); `running` lists the indexes still RUNNING. */
function addInstance(count: number, options: { running?: number[]; order?: ListOrder } = {}): { id: string; tasks: ChurningTaskSource; nextStart: () => number } {
  instances += 1;
  const id = `cri-incr-${instances}`;
  const running = new Set(options.running ?? []);
  const tasks = churningTaskSource(Array.from({ length: count }, (_, i) => rawTask(`${id}-t${count - 1 - i}`, id, count - 1 - i, running.has(i) ? 'RUNNING' : 'COMPLETED')));
  dataset.regions[0]!.instances.push(simInstance(id, tasks, options.order ?? 'newest-first'));
  let start = count;
  return { id, tasks, nextStart: () => start++ };
}

/** acr_exporter_task_listings_total of one instance: `mode reason` -> value. */
async function listingsCounted(registry: Registry, instanceId: string): Promise<Record<string, number>> {
  const values = (await registry.getSingleMetric(METRICS.taskListings.name)?.get())?.values ?? [];
  return Object.fromEntries(values.filter((value) => value.labels['instance_id'] === instanceId).map((value) => [`${value.labels['mode']} ${value.labels['reason']}`, value.value]));
}

/** Task-list requests of `key` by PageNo, in order. */
function pagesAsked(key: { accessKeyId: string }): (number | undefined)[] {
  return simulator.requests.entries.filter((entry) => entry.accessKeyId === key.accessKeyId && entry.action === 'ListArtifactSubscriptionTask').map((entry) => entry.pageNo);
}

describe('IncrementalTaskLister against the simulator', () => {
  const fullListing = (id: string) => taskSeries(simClient(simulator, FULL_KEY, PAGE_SIZE).listSubscriptionTasks(REGION, id));

  it('lists 1,000 tasks in 11 calls, then 30 new tasks and 2 finishing on pages 2 and 5 in exactly 3 calls', async () => {
    const instance = addInstance(TASKS, { running: [150, 420] });
    const lister = incrementalLister(simClient(simulator, KEY, PAGE_SIZE), new ManualClock(0));

    const first = await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(pagesAsked(KEY)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(lister.lastListing(REGION, instance.id)).toEqual({ mode: 'full', reason: 'first', detail: undefined, pagesRead: 11 });
    expect(first).toEqual(await fullListing(instance.id));
    simulator.requests.clear();

    for (let i = 0; i < 30; i++) instance.tasks.insertAtHead(rawTask(`${instance.id}-new${i}`, instance.id, instance.nextStart()));
    instance.tasks.update(`${instance.id}-t${TASKS - 1 - 150}`, { TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: String(1_800_000_000_000) });
    instance.tasks.update(`${instance.id}-t${TASKS - 1 - 420}`, { TaskStatus: 'COMPLETED', TaskResult: 'FAILED', EndTime: String(1_800_000_000_000) });
    const second = await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    // Page 1: the 30 new tasks and the first known one; positions 180 and 450: pages 2 and 5.
    expect(pagesAsked(KEY)).toEqual([1, 2, 5]);
    expect(lister.lastListing(REGION, instance.id)).toEqual({ mode: 'incremental', reason: undefined, detail: undefined, pagesRead: 3 });
    expect(second.tasks).toHaveLength(TASKS + 30);
    expect(second.tasks[180]).toMatchObject({ taskId: `${instance.id}-t${TASKS - 1 - 150}`, taskStatus: 'COMPLETED', taskResult: 'SUCCESS' });
    expect(second).toEqual(await fullListing(instance.id));
  });

  it('falls back to a full listing in the same collection that reads no page twice when a read page does not reconcile', async () => {
    const instance = addInstance(TASKS, { running: [500] });
    const registry = new Registry();
    const lister = incrementalLister(simClient(simulator, KEY, PAGE_SIZE), new ManualClock(0), 'incremental', registry);
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    simulator.requests.clear();

    // A task leaves the middle and one arrives at the head: TotalCount agrees, page 6 shows the shift.
    instance.tasks.remove(`${instance.id}-t${TASKS - 1 - 300}`);
    instance.tasks.insertAtHead(rawTask(`${instance.id}-new`, instance.id, instance.nextStart()));
    const series = await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    expect(pagesAsked(KEY)).toEqual([1, 6, 2, 3, 4, 5, 7, 8, 9, 10, 11]);
    expect(lister.lastListing(REGION, instance.id)).toMatchObject({ mode: 'full', reason: 'mismatch:position', pagesRead: 11 });
    expect(series).toEqual(await fullListing(instance.id));
    simulator.requests.clear();

    // The full listing re-established what is known: the next collection is incremental again.
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(lister.lastListing(REGION, instance.id)).toMatchObject({ mode: 'incremental', pagesRead: 2 });
    expect(await listingsCounted(registry, instance.id)).toEqual({ 'full first': 1, 'full mismatch:position': 1, 'incremental none': 1 });
  });

  it.each(['oldest-first', 'shuffled'] as const)('lists %s in full every collection, saying the order is not verified', async (order) => {
    const instance = addInstance(40, { running: [3], order });
    const lister = incrementalLister(simClient(simulator, KEY, 7), new ManualClock(0));
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    instance.tasks.insertAtHead(rawTask(`${instance.id}-new`, instance.id, instance.nextStart()));
    const series = await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    expect(lister.lastListing(REGION, instance.id)).toEqual({ mode: 'full', reason: 'order_unverified', detail: 'not_newest_first', pagesRead: 6 });
    expect(series).toEqual(await taskSeries(simClient(simulator, FULL_KEY, 7).listSubscriptionTasks(REGION, instance.id)));
  });

  it('resyncs in full once fullResyncInterval (plus its offset) has passed, and lists in full every time when configured', async () => {
    const instance = addInstance(250);
    const clock = new ManualClock(0);
    const lister = incrementalLister(simClient(simulator, KEY, PAGE_SIZE), clock);
    const configured = incrementalLister(simClient(simulator, KEY, PAGE_SIZE), clock, 'full');
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    clock.advance(RESYNC_MS - 1);
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(lister.lastListing(REGION, instance.id)?.mode).toBe('incremental');
    clock.advance(RESYNC_MS);
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(lister.lastListing(REGION, instance.id)).toMatchObject({ mode: 'full', reason: 'resync', pagesRead: 3 });

    await taskSeries(configured.listSubscriptionTasks(REGION, instance.id));
    await taskSeries(configured.listSubscriptionTasks(REGION, instance.id));
    expect(configured.lastListing(REGION, instance.id)).toMatchObject({ mode: 'full', reason: 'configured', pagesRead: 3 });
  });

  it('keeps known lists within knownTasksMax across instances: one that would pass it is listed in full until it fits', async () => {
    const small = addInstance(30);
    const large = addInstance(50);
    const registry = new Registry();
    const lister = incrementalLister(simClient(simulator, KEY, 10), new ManualClock(0), 'incremental', registry, 60);
    for (const instance of [small, large]) await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));

    small.tasks.insertAtHead(rawTask(`${small.id}-new`, small.id, small.nextStart()));
    large.tasks.insertAtHead(rawTask(`${large.id}-new`, large.id, large.nextStart()));
    simulator.requests.clear();
    expect(await taskSeries(lister.listSubscriptionTasks(REGION, small.id))).toEqual(await fullListing(small.id));
    expect(lister.lastListing(REGION, small.id)).toMatchObject({ mode: 'incremental', pagesRead: 1 });
    const largeSeries = await taskSeries(lister.listSubscriptionTasks(REGION, large.id));
    // 31 tasks kept for the small one leave 29 of 60: the large one's 51 do not fit.
    expect(lister.lastListing(REGION, large.id)).toEqual({ mode: 'full', reason: 'known_tasks_max', detail: 'known_tasks_max', pagesRead: 6 });
    expect(largeSeries).toEqual(await fullListing(large.id));
    expect(await listingsCounted(registry, large.id)).toEqual({ 'full first': 1, 'full known_tasks_max': 1 });

    // The small one forgotten, its 31 tasks are given back: the large one's list is kept again.
    lister.forgetInstance(REGION, small.id);
    await taskSeries(lister.listSubscriptionTasks(REGION, large.id));
    await taskSeries(lister.listSubscriptionTasks(REGION, large.id));
    expect(lister.lastListing(REGION, large.id)).toMatchObject({ mode: 'incremental', pagesRead: 1 });
  });

  it('forgets an instance: its next listing is a first one', async () => {
    const instance = addInstance(20);
    const registry = new Registry();
    const lister = incrementalLister(simClient(simulator, KEY, 5), new ManualClock(0), 'incremental', registry);
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(lister.lastListing(REGION, instance.id)?.mode).toBe('incremental');
    expect(await listingsCounted(registry, instance.id)).toEqual({ 'full first': 1, 'incremental none': 1 });

    lister.forgetInstance(REGION, instance.id);
    expect(lister.lastListing(REGION, instance.id)).toBeUndefined();
    expect(await listingsCounted(registry, instance.id)).toEqual({});
    await taskSeries(lister.listSubscriptionTasks(REGION, instance.id));
    expect(lister.lastListing(REGION, instance.id)).toMatchObject({ mode: 'full', reason: 'first' });
  });
});
