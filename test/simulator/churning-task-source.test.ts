import { describe, expect, it } from '@jest/globals';
import { churningTaskSource } from '../../src/simulator/churning-task-source.js';

const ids = (tasks: readonly Record<string, unknown>[]) => tasks.map((task) => task['TaskId']);

describe('churningTaskSource', () => {
  it('serves the tasks as given, newest first, and takes new ones at the head', () => {
    const tasks = churningTaskSource([{ TaskId: 'c' }, { TaskId: 'b' }, { TaskId: 'a' }]);

    tasks.insertAtHead({ TaskId: 'd' });

    expect(tasks.count(0)).toBe(4);
    expect(ids(tasks.slice(0, 1, 2))).toEqual(['c', 'b']);
    expect(tasks.findTask?.(0, 'b')).toEqual({ TaskId: 'b' });
  });

  it('finishes a task in place, drops the oldest from the tail and removes one from the middle', () => {
    const given = [{ TaskId: 'e' }, { TaskId: 'd', TaskStatus: 'RUNNING' }, { TaskId: 'c' }, { TaskId: 'b' }, { TaskId: 'a' }];
    const tasks = churningTaskSource(given);

    expect(tasks.update('d', { TaskStatus: 'COMPLETED', EndTime: '5' })).toBe(true);
    expect(tasks.update('zz', { TaskStatus: 'COMPLETED' })).toBe(false);
    tasks.dropOldest(2);
    expect(tasks.remove('e')).toBe(true);
    expect(tasks.remove('e')).toBe(false);

    expect(tasks.slice(0, 0, 10)).toEqual([{ TaskId: 'd', TaskStatus: 'COMPLETED', EndTime: '5' }, { TaskId: 'c' }]);
    expect(ids(given)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});
