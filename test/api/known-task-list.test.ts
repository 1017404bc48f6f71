import { describe, expect, it } from '@jest/globals';
import { KnownTaskList, knownTaskListFromPages, MIN_VERIFIED_TASKS } from '../../src/api/known-task-list.js';
import { allPages, newestFirst, serve, task } from './task-list-fixtures.js';

const SETTINGS = { pageSize: 5, instanceId: 'cri-test' };

describe('knownTaskListFromPages', () => {
  it('keeps a complete newest-first listing, every task and its problems', async () => {
    const list = newestFirst(12);
    const pages = await allPages(list, 5);
    pages[0]!.entries[1] = { task: list[1]!, invalid: ['invalid_tag_count'] };

    const known = knownTaskListFromPages(pages, SETTINGS);

    expect(known).toBeInstanceOf(KnownTaskList);
    const verified = known as KnownTaskList;
    expect(taskIdsOf(verified)).toEqual(list.map((t) => t.taskId));
    // Stored by column, made again equal to what was listed.
    for (const i of [0, 3, 11]) expect(verified.taskAt(i)).toEqual(list[i]);
    expect(verified.problemsOf('t10')).toEqual(['invalid_tag_count']);
    expect(verified.problemsOf('t9')).toEqual([]);
    expect([verified.has('t0'), verified.has('t12')]).toEqual([true, false]);
  });

  it('takes a listing during which tasks arrived at the head as the list at its first page', async () => {
    const before = newestFirst(12);
    const after = [task('new1', 9_000_000), task('new2', 8_000_000), ...before];
    // Page 1 read before the two arrivals, pages 2 and 3 after: their entries shift by two.
    const page1 = await serve(before, 5).readPage(1);
    const rest = serve(after, 5);
    const pages = [page1, await rest.readPage(2), await rest.readPage(3)];

    const known = knownTaskListFromPages(pages, SETTINGS) as KnownTaskList;

    expect(taskIdsOf(known)).toEqual(before.map((t) => t.taskId));
  });

  it.each([
    ['an order unrelated to time', () => [...newestFirst(12)].reverse(), 'not_newest_first'],
    ['fewer tasks than MIN_VERIFIED_TASKS', () => newestFirst(MIN_VERIFIED_TASKS - 1), 'too_few_tasks'],
    ['a task without StartTime', () => newestFirst(12).map((t, i) => (i === 6 ? { ...t, startTimeMs: undefined } : t)), 'start_time_missing'],
  ])('keeps nothing for %s', async (_case, list, reason) => {
    expect(knownTaskListFromPages(await allPages(list(), 5), SETTINGS)).toEqual({ unverified: reason });
  });

  it('keeps nothing when TotalCount moved other than by the repeats, lacks, or a page came short', async () => {
    const list = newestFirst(12);
    const drifted = serve(list, 5, (pageNo) => (pageNo === 1 ? 12 : 11));
    const pagesDrifted = [await drifted.readPage(1), await drifted.readPage(2), await drifted.readPage(3)];
    const missing = serve(list, 5, () => undefined);
    const pagesMissing = [await missing.readPage(1), await missing.readPage(2), await missing.readPage(3)];
    const capped = await allPages(list, 4);

    expect(knownTaskListFromPages(pagesDrifted, SETTINGS)).toEqual({ unverified: 'total_count_changed' });
    expect(knownTaskListFromPages(pagesMissing, SETTINGS)).toEqual({ unverified: 'total_count_missing' });
    expect(knownTaskListFromPages(capped, SETTINGS)).toEqual({ unverified: 'short_page' });
  });

  it('keeps nothing when an entry has no TaskId', async () => {
    const pages = await allPages(newestFirst(12), 5);
    pages[1]!.entries[0] = { task: undefined, invalid: ['missing_task_id'] };

    expect(knownTaskListFromPages(pages, SETTINGS)).toEqual({ unverified: 'invalid_entry' });
  });
});

function taskIdsOf(list: KnownTaskList): string[] {
  return Array.from({ length: list.length }, (_, i) => list.taskIdAt(i));
}
