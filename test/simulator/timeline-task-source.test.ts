import { describe, expect, it } from '@jest/globals';
import { timelineTaskSource } from '../../src/simulator/timeline-task-source.js';
import type { TimelineTask } from '../../src/simulator/timeline-task.js';

const T0 = 1_700_000_000_000;

function timelineTask(taskId: string, startMs: number, durationMs: number, finalResult = 'SUCCESS'): TimelineTask {
  return {
    taskId,
    instanceId: 'cri-a',
    namespaceName: 'mirror-dockerhub',
    repoName: 'nginx',
    sourceProvider: 'DOCKER_HUB',
    sourceNamespaceName: 'library',
    sourceRepoName: 'nginx',
    taskType: 'AUTO',
    startMs,
    durationMs,
    finalResult,
    tagTotalCount: 10,
    tagSubscriptionCount: 10,
  };
}

const ids = (tasks: Record<string, unknown>[]) => tasks.map((task) => task['TaskId']);

describe('timelineTaskSource', () => {
  const source = () =>
    timelineTaskSource([
      timelineTask('old', T0 - 10_000, 1000, 'FAILED'),
      timelineTask('future', T0 + 5000, 1000),
      timelineTask('new', T0 - 1000, 5000),
    ]);

  it('lists started tasks newest first and hides future ones', () => {
    const tasks = source();

    expect(tasks.count(T0)).toBe(2);
    expect(ids(tasks.slice(T0, 0, 10))).toEqual(['new', 'old']);
    expect(tasks.count(T0 + 5000)).toBe(3);
    expect(ids(tasks.slice(T0 + 5000, 0, 10))).toEqual(['future', 'new', 'old']);
  });

  it('derives status, result and EndTime from the time', () => {
    const tasks = source();

    const [running, failed] = tasks.slice(T0, 0, 2);
    const [, finished] = tasks.slice(T0 + 5000, 0, 2);

    expect(running).toMatchObject({ TaskStatus: 'RUNNING', TaskResult: '', EndTime: 0, StartTime: T0 - 1000, TagSubscriptionCount: 2 });
    expect(failed).toMatchObject({ TaskStatus: 'COMPLETED', TaskResult: 'FAILED', EndTime: T0 - 9000 });
    expect(finished).toMatchObject({ TaskId: 'new', TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: T0 + 4000, TagSubscriptionCount: 10, Message: 'success' });
  });

  it('pages with offset and limit', () => {
    const tasks = source();

    expect(ids(tasks.slice(T0 + 5000, 1, 1))).toEqual(['new']);
    expect(ids(tasks.slice(T0 + 5000, 3, 10))).toEqual([]);
  });

  it('serves inserted tasks first, as given, shifting the rest', () => {
    const tasks = source();
    const inserted = { TaskId: 'inserted', StartTime: 'not-a-number' };

    tasks.insertAtHead(inserted);

    expect(tasks.count(T0)).toBe(3);
    expect(tasks.slice(T0, 0, 1)).toEqual([inserted]);
    expect(ids(tasks.slice(T0, 1, 10))).toEqual(['new', 'old']);
  });

  it('finds a visible task by id', () => {
    const tasks = source();

    expect(tasks.findTask?.(T0, 'old')).toMatchObject({ TaskId: 'old', TaskResult: 'FAILED' });
    expect(tasks.findTask?.(T0, 'future')).toBeUndefined();
  });

  it('speaks the reference sample\'s oddities when asked: a RUNNING task with a result and a stale EndTime, times as strings', () => {
    const odd = { ...timelineTask('odd', T0 - 1000, 5000), runningResult: 'SUCCESS', staleEndTimeBeforeStartMs: 1000, timesAsStrings: true };
    const tasks = timelineTaskSource([odd]);

    const running = tasks.slice(T0, 0, 1)[0];
    const finished = tasks.slice(T0 + 5000, 0, 1)[0];

    expect(running).toMatchObject({ TaskStatus: 'RUNNING', TaskResult: 'SUCCESS', StartTime: String(T0 - 1000), EndTime: String(T0 - 2000) });
    expect(finished).toMatchObject({ TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', StartTime: String(T0 - 1000), EndTime: String(T0 + 4000) });
  });
});

