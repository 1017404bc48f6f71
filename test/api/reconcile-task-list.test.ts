import { describe, expect, it } from '@jest/globals';
import { KnownTaskList } from '../../src/api/known-task-list.js';
import { ListingMismatch } from '../../src/api/listing-mismatch.js';
import { reconcileTaskList } from '../../src/api/reconcile-task-list.js';
import type { SubscriptionTask } from '../../src/model/subscription-task.js';
import { DONE, isNotFinished, newestFirst, RUNNING, serve, task } from './task-list-fixtures.js';

const OPTIONS = { maxPages: 1000, mayChange: isNotFinished };

function knownList(tasks: readonly SubscriptionTask[], pageSize: number): KnownTaskList {
  const known = KnownTaskList.verify(
    tasks.map((t) => ({ task: t, invalid: [] })),
    { pageSize, instanceId: 'cri-test' },
  );
  if (!(known instanceof KnownTaskList)) throw new Error(`fixture not verified: ${known.unverified}`);
  return known;
}

/** New tasks n1 (oldest) .. n<count> (newest), newer than any of newestFirst's, newest first. */
function arrivals(count: number): SubscriptionTask[] {
  return Array.from({ length: count }, (_, i) => task(`n${count - i}`, 5_000_000 + (count - i) * 1000));
}

const ids = (entries: readonly { task: SubscriptionTask }[]): string[] => entries.map((entry) => entry.task.taskId);

async function mismatchOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ListingMismatch) return error.what;
    throw error;
  }
  throw new Error('expected a ListingMismatch');
}

describe('reconcileTaskList', () => {
  it('reads page 1 only when nothing changed and nothing is in progress', async () => {
    const list = newestFirst(30);
    const server = serve(list, 5);

    const result = await reconcileTaskList(knownList(list, 5), server.readPage, OPTIONS);

    expect(ids(result.entries)).toEqual(list.map((t) => t.taskId));
    expect([result.newTasks, result.vanished, server.asked]).toEqual([0, 0, [1]]);
  });

  it('finds k new tasks across a page boundary: 7 new with PageSize 5 read pages 1 and 2', async () => {
    const old = newestFirst(30);
    const now = [...arrivals(7), ...old];
    const server = serve(now, 5);

    const result = await reconcileTaskList(knownList(old, 5), server.readPage, OPTIONS);

    expect(ids(result.entries)).toEqual(now.map((t) => t.taskId));
    expect([result.newTasks, result.vanished, server.asked]).toEqual([7, 0, [1, 2]]);
  });

  it('reads the page where a task in progress sits now (page 7) and takes its new state', async () => {
    const old = newestFirst(30);
    old[17] = { ...old[17]!, taskStatus: RUNNING, endTimeMs: undefined };
    // Two arrivals shift it to position 19: page 7 of PageSize 3.
    const finished = { ...old[17]!, taskStatus: DONE, endTimeMs: old[17]!.startTimeMs! + 900 };
    const now = [...arrivals(2), ...old.slice(0, 17), finished, ...old.slice(18)];
    const server = serve(now, 3);

    const result = await reconcileTaskList(knownList(old, 3), server.readPage, OPTIONS);

    expect(server.asked).toEqual([1, 7]);
    expect(result.entries[19]?.task).toEqual(finished);
    expect(result.entries.map((entry) => entry.task)).toEqual(now);
  });

  it('drops the tasks that left the tail, by TotalCount', async () => {
    const old = newestFirst(30);
    const now = [...arrivals(1), ...old.slice(0, 27)];
    const server = serve(now, 5);

    const result = await reconcileTaskList(knownList(old, 5), server.readPage, OPTIONS);

    expect(ids(result.entries)).toEqual(now.map((t) => t.taskId));
    expect([result.newTasks, result.vanished]).toEqual([1, 3]);
  });

  it('reads each page once however many tasks in progress it holds', async () => {
    const old = newestFirst(30).map((t, i) => (i >= 10 && i < 15 ? { ...t, taskStatus: RUNNING, endTimeMs: undefined } : t));
    const server = serve(old, 5);

    await reconcileTaskList(knownList(old, 5), server.readPage, OPTIONS);

    expect(server.asked).toEqual([1, 3]);
  });

  it('detects a task removed from the middle when a page read shows the shift', async () => {
    const old = newestFirst(30).map((t, i) => (i === 22 ? { ...t, taskStatus: RUNNING, endTimeMs: undefined } : t));
    const now = old.filter((_, i) => i !== 12);

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve(now, 5).readPage, OPTIONS))).toBe('position');
  });

  it('does not see a removal from the middle on a page it does not read (the full resync does)', async () => {
    const old = newestFirst(30);
    const now = old.filter((_, i) => i !== 12);

    const result = await reconcileTaskList(knownList(old, 5), serve(now, 5).readPage, OPTIONS);

    // Taken for a task gone from the tail: the known limit of reading only what may change.
    expect(result.vanished).toBe(1);
    expect(ids(result.entries)).toContain('t17');
  });

  it.each([
    ['TotalCount changing between the pages of one collection', (pageNo: number) => (pageNo === 1 ? 37 : 38)],
    ['a TotalCount above what the known list allows (v < 0)', () => 40],
    ['no TotalCount', () => undefined],
  ])('falls back on %s', async (_case, totalCount) => {
    const old = newestFirst(30).map((t, i) => (i === 22 ? { ...t, taskStatus: RUNNING, endTimeMs: undefined } : t));
    const now = [...arrivals(7), ...old];

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve(now, 5, totalCount).readPage, OPTIONS))).toBe('total_count');
  });

  it('falls back when a new task is older than the known head (order broken)', async () => {
    const old = newestFirst(30);
    const now = [task('late', 1), ...old];

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve(now, 5).readPage, OPTIONS))).toBe('order');
  });

  it('falls back when a task read again moved out of StartTime order', async () => {
    const old = newestFirst(30).map((t, i) => (i === 12 ? { ...t, taskStatus: RUNNING, endTimeMs: undefined } : t));
    const now = old.map((t, i) => (i === 12 ? { ...t, startTimeMs: 9_999_999 } : t));

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve(now, 5).readPage, OPTIONS))).toBe('order');
  });

  it('falls back when the known head is gone or a known task comes before it', async () => {
    const old = newestFirst(30);

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve(old.slice(1), 5).readPage, OPTIONS))).toBe('position');
    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), serve([...arrivals(3)], 5).readPage, OPTIONS))).toBe('head');
  });

  it('falls back when a page holds fewer entries than TotalCount and PageSize say', async () => {
    const old = newestFirst(30);
    const server = serve(old, 5, () => 30);
    const short = async (pageNo: number) => {
      const page = await server.readPage(pageNo);
      return { ...page, entries: page.entries.slice(0, 4) };
    };

    expect(await mismatchOf(reconcileTaskList(knownList(old, 5), short, OPTIONS))).toBe('page_length');
  });
});
