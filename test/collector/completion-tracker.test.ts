import { describe, expect, it } from '@jest/globals';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';

/** A task as a listing shows it: id, StartTime (ms) and whether it is finished. */
type Listed = [taskId: string, startTimeMs: number | undefined, finished: boolean];

/** Runs one listing of `instance` to completion; returns the TaskIds whose completion it counted. */
function list(tracker: CompletionTracker, instance: string, tasks: Listed[], options: { completes?: boolean } = {}): string[] {
  const listing = tracker.beginListing(instance);
  const counted = tasks.filter(([taskId, startTimeMs, finished]) => listing.observe(taskId, startTimeMs, finished)).map(([taskId]) => taskId);
  if (options.completes ?? true) listing.complete();
  return counted;
}

describe('CompletionTracker: the baseline', () => {
  it('counts nothing in the first complete listing of an instance', () => {
    const tracker = new CompletionTracker(100);
    expect(tracker.beginListing('i').baseline).toBe(true);
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, true], ['t3', 3000, false]])).toEqual([]);
    expect(tracker.beginListing('i').baseline).toBe(false);
  });

  it('counts a task running at the baseline when it finishes, once', () => {
    const tracker = new CompletionTracker(100);
    list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, false]]);
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, true]])).toEqual(['t2']);
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, true]])).toEqual([]);
  });

  it('counts a task that appeared finished after the baseline, once', () => {
    const tracker = new CompletionTracker(100);
    list(tracker, 'i', [['t1', 1000, true]]);
    expect(list(tracker, 'i', [['t3', 3000, true], ['t1', 1000, true]])).toEqual(['t3']);
    expect(list(tracker, 'i', [['t3', 3000, true], ['t1', 1000, true]])).toEqual([]);
  });

  it('stays in baseline until a listing completes; a task seen running in a failed baseline still counts', () => {
    const tracker = new CompletionTracker(100);
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, false]], { completes: false })).toEqual([]);
    expect(tracker.beginListing('i').baseline).toBe(true);
    // The retry is a baseline again: t1 and the new t3 are history, t2 was seen running and finished.
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, true], ['t3', 3000, true]])).toEqual(['t2']);
  });

  it('keeps instances apart: a TaskId of one instance is another task in another', () => {
    const tracker = new CompletionTracker(100);
    list(tracker, 'a', [['t1', 1000, true]]);
    expect(tracker.beginListing('b').baseline).toBe(true);
    expect(list(tracker, 'b', [['t1', 1000, true]])).toEqual([]);
    list(tracker, 'b', []);
    expect(list(tracker, 'b', [['t2', 2000, true]])).toEqual(['t2']);
    expect(list(tracker, 'a', [['t1', 1000, true], ['t2', 2000, true]])).toEqual(['t2']);
  });

  it('starts a new baseline for an instance it was told to forget', () => {
    const tracker = new CompletionTracker(100);
    list(tracker, 'i', [['t1', 1000, true]]);
    tracker.forgetInstance('i');
    expect(tracker.beginListing('i').baseline).toBe(true);
    expect(list(tracker, 'i', [['t1', 1000, true], ['t2', 2000, true]])).toEqual([]);
  });

  it('starts with a new baseline in a new process (a restart)', () => {
    const before = new CompletionTracker(100);
    list(before, 'i', [['t1', 1000, false]]);
    const after = new CompletionTracker(100);
    expect(list(after, 'i', [['t1', 1000, true]])).toEqual([]);
  });
});

describe('CompletionTracker: bounded memory', () => {
  it('never counts a task twice when it remembers fewer tasks than are listed', () => {
    const tracker = new CompletionTracker(3);
    list(tracker, 'i', []);
    const history: Listed[] = Array.from({ length: 10 }, (_, i) => [`t${i}`, 1000 * i, true]);
    expect(list(tracker, 'i', history)).toHaveLength(10);
    for (let round = 0; round < 3; round++) expect(list(tracker, 'i', history)).toEqual([]);
    // After forgetting, a task that started after the previous listing's newest is still new.
    expect(list(tracker, 'i', [['t-new', 50_000, true], ...history])).toEqual(['t-new']);
  });

  it('counts each task exactly once under random churn when the bound holds every task', () => {
    // A reference: every task that finishes after the baseline, once. Each listing shows every
    // task in a random order; tasks appear and finish at random.
    const tracker = new CompletionTracker(10_000);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const tasks: { id: string; start: number; finishedAtRound: number | undefined }[] = [];
    const counted = new Map<string, number>();
    const expected = new Set<string>();
    for (let round = 0; round < 60; round++) {
      for (let n = Math.floor(random() * 5); n > 0; n--) tasks.push({ id: `t${tasks.length}`, start: round * 1000 + n, finishedAtRound: undefined });
      for (const task of tasks) if (task.finishedAtRound === undefined && random() < 0.3) task.finishedAtRound = round;
      const listed: Listed[] = tasks.map((task) => [task.id, task.start, task.finishedAtRound !== undefined]);
      listed.sort(() => random() - 0.5);
      for (const id of list(tracker, 'i', listed)) counted.set(id, (counted.get(id) ?? 0) + 1);
      if (round === 0) continue;
      for (const task of tasks) if (task.finishedAtRound !== undefined && task.finishedAtRound >= 1) expected.add(task.id);
    }
    // Tasks finished in round 0 are the baseline; all others were counted exactly once.
    expect([...counted.values()].every((times) => times === 1)).toBe(true);
    expect(new Set(counted.keys())).toEqual(expected);
    expect(expected.size).toBeGreaterThan(50);
  });
});
