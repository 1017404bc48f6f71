import { describe, expect, it } from '@jest/globals';
import { syntheticTaskSource } from '../../src/simulator/synthetic-task-source.js';

const INTERVAL_MS = 60_000;
const START_MS = 1_700_000_000_000;
const options = { seed: 42, instanceId: 'cri-bench0001', count: 1000, startMs: START_MS, intervalMs: INTERVAL_MS };

describe('syntheticTaskSource', () => {
  it('gives the same task i every time, from a fresh source too', () => {
    const nowMs = START_MS + 2000 * INTERVAL_MS;
    const source = syntheticTaskSource(options);

    const first = source.slice(nowMs, 500, 3);
    const again = source.slice(nowMs, 500, 3);
    const fresh = syntheticTaskSource(options).slice(nowMs, 500, 3);

    expect(again).toEqual(first);
    expect(fresh).toEqual(first);
    expect(syntheticTaskSource({ ...options, seed: 43 }).slice(nowMs, 500, 3)).not.toEqual(first);
  });

  it('makes visible exactly the tasks whose StartTime has passed, newest first, with unique ids', () => {
    const nowMs = START_MS + 400.5 * INTERVAL_MS;
    const source = syntheticTaskSource(options);

    const visible = source.count(nowMs);
    const tasks = source.slice(nowMs, 0, 1000);
    const starts = tasks.map((task) => task['StartTime'] as number);

    expect(visible).toBeGreaterThanOrEqual(400);
    expect(visible).toBeLessThanOrEqual(401);
    expect(tasks).toHaveLength(visible);
    expect(starts.every((start) => start <= nowMs)).toBe(true);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(new Set(tasks.map((task) => task['TaskId'])).size).toBe(visible);
    expect(source.count(START_MS - 1)).toBe(0);
    expect(source.count(START_MS + 5000 * INTERVAL_MS)).toBe(1000);
  });

  it('finds a task by id without scanning', () => {
    const nowMs = START_MS + 2000 * INTERVAL_MS;
    const source = syntheticTaskSource(options);
    const [task] = source.slice(nowMs, 123, 1);

    expect(source.findTask?.(nowMs, task?.['TaskId'] as string)).toEqual(task);
    expect(source.findTask?.(nowMs, 'crast-00000000zzzzzzzz')).toBeUndefined();
  });

  it('holds a million tasks without storing them', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const source = syntheticTaskSource({ ...options, count: 1_000_000 });
    const nowMs = START_MS + 2_000_000 * INTERVAL_MS;

    const count = source.count(nowMs);
    const oldest = source.slice(nowMs, count - 100, 100);

    expect(count).toBe(1_000_000);
    expect(oldest).toHaveLength(100);
    expect(oldest.at(-1)?.['StartTime']).toBeLessThan(START_MS + INTERVAL_MS);
    // A million stored task objects would take hundreds of MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it('tasks look like the API: RUNNING ones have EndTime 0, finished ones SUCCESS or FAILED', () => {
    const nowMs = START_MS + 500 * INTERVAL_MS;
    const tasks = syntheticTaskSource(options).slice(nowMs, 0, 500);

    for (const task of tasks) {
      if (task['TaskStatus'] === 'RUNNING') expect(task['EndTime']).toBe(0);
      else expect(['SUCCESS', 'FAILED']).toContain(task['TaskResult']);
      expect(task['TagSubscriptionCount'] as number).toBeLessThanOrEqual(task['TagTotalCount'] as number);
      expect(task['InstanceId']).toBe('cri-bench0001');
    }
    expect(tasks.some((task) => task['TaskStatus'] === 'RUNNING')).toBe(true);
  });
});
