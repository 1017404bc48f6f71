/**
 * Property: whatever the list order and the churn, after EVERY collection the tasks an
 * incremental listing yields equal those of a full listing of the same data, and no collection
 * reads a page twice. Random churn sequences (tasks arriving at the head, tasks in progress
 * finishing, tasks leaving the tail, sometimes a malformed new task), several steps between
 * collections, small PageSizes to hit page boundaries, for newest-first, oldest-first and
 * shuffled lists; through the real stack (openapi-core signing, HTTP on 127.0.0.1) against the
 * simulator. fast-check prints the seed and path of a failing run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import { churningTaskSource, startSimulator, type ListOrder, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { incrementalLister, rawTask, REGION, RESYNC_MS, simClient, simInstance, taskSeries } from './incremental-fixtures.js';

const KEY = { accessKeyId: 'property-incremental', accessKeySecret: 'property-secret-1' };
const FULL_KEY = { accessKeyId: 'property-full', accessKeySecret: 'property-secret-2' };
/** PROPERTY_RUNS raises the number of runs for a longer search. */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 60);

type Step =
  | { kind: 'arrive'; running: boolean[]; malformed: boolean }
  | { kind: 'finish'; pick: number }
  | { kind: 'leave'; count: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('arrive' as const), running: fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }), malformed: fc.boolean() }),
  fc.record({ kind: fc.constant('finish' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('leave' as const), count: fc.integer({ min: 1, max: 6 }) }),
);

const scenario = fc.record({
  order: fc.constantFrom<ListOrder>('newest-first', 'newest-first', 'oldest-first', 'shuffled'),
  pageSize: fc.integer({ min: 3, max: 7 }),
  initial: fc.oneof(fc.array(fc.boolean(), { maxLength: 10 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 60 })),
  collections: fc.array(fc.record({ steps: fc.array(step, { maxLength: 4 }), resyncDue: fc.boolean() }), { minLength: 1, maxLength: 6 }),
});

let simulator: RunningSimulator;
const dataset: SimDataset = { regions: [{ id: REGION, instances: [] }] };

beforeAll(async () => {
  simulator = await startSimulator({ dataset, credentials: [KEY, FULL_KEY], requestLogLimit: 1_000_000 });
});
afterAll(() => simulator.close());

/** PageNo of every task-list request `key` made since `from` in the request log. */
function pagesAsked(key: { accessKeyId: string }, from: number): (number | undefined)[] {
  return simulator.requests.entries.slice(from).filter((entry) => entry.accessKeyId === key.accessKeyId).map((entry) => entry.pageNo);
}

describe('incremental listing (property)', () => {
  it('yields what a full listing yields after every collection, for any order and churn, reading each page at most once', async () => {
    let run = 0;
    let incrementalListings = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ order, pageSize, initial, collections }) => {
        run += 1;
        const id = `cri-prop-${run}`;
        let start = 0;
        const nextStart = () => start++;
        const made = initial.map((running, i) => rawTask(`${id}-i${i}`, id, nextStart(), running ? 'RUNNING' : 'COMPLETED')).reverse();
        const tasks = churningTaskSource(made);
        dataset.regions[0]!.instances.push(simInstance(id, tasks, order));
        const clock = new ManualClock(0);
        const lister = incrementalLister(simClient(simulator, KEY, pageSize), clock);
        const full = simClient(simulator, FULL_KEY, pageSize);
        try {
          for (const [index, collection] of collections.entries()) {
            if (index > 0) {
              for (const change of collection.steps) applyStep(change);
              if (collection.resyncDue) clock.advance(RESYNC_MS / 4);
            }
            const from = simulator.requests.entries.length;
            const incremental = await taskSeries(lister.listSubscriptionTasks(REGION, id));
            const asked = pagesAsked(KEY, from);
            expect(new Set(asked).size).toBe(asked.length);
            expect(incremental).toEqual(await taskSeries(full.listSubscriptionTasks(REGION, id)));
            if (lister.lastListing(REGION, id)?.mode === 'incremental') incrementalListings += 1;
            // Oldest first never passes as newest first (from 2 tasks on; MIN_VERIFIED_TASKS from 8).
            if (order === 'oldest-first') expect(lister.lastListing(REGION, id)).toMatchObject({ mode: 'full', reason: index === 0 ? 'first' : 'order_unverified' });
          }
        } finally {
          dataset.regions[0]!.instances = dataset.regions[0]!.instances.filter((instance) => instance.instance.InstanceId !== id);
        }

        function applyStep(change: Step): void {
          if (change.kind === 'arrive') {
            for (const running of change.running) tasks.insertAtHead(rawTask(`${id}-n${start}`, id, nextStart(), running ? 'RUNNING' : 'COMPLETED'));
            if (change.malformed) tasks.insertAtHead({ ...rawTask(`${id}-m${start}`, id, nextStart()), TagTotalCount: 'many' });
          } else if (change.kind === 'finish') {
            const inProgress = tasks.tasks.filter((task) => task['TaskStatus'] === 'RUNNING');
            const chosen = inProgress[change.pick % Math.max(1, inProgress.length)];
            if (chosen) tasks.update(String(chosen['TaskId']), { TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: String(Number(chosen['StartTime']) + 5000) });
          } else {
            tasks.dropOldest(change.count);
          }
        }
      }),
      { numRuns: RUNS, verbose: 1 },
    );
    // Not vacuous: a good share of the collections after the first went the incremental way.
    expect(incrementalListings).toBeGreaterThan(RUNS / 6);
  }, 120_000);
});
