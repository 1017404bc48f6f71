import { describe, expect, it } from '@jest/globals';
import { staticTaskSource } from '../../src/simulator/static-task-source.js';

describe('staticTaskSource', () => {
  it('serves the tasks exactly as given, in order, whatever the time', () => {
    const malformed = { TaskStatus: 'RUNNING', EndTime: '', StartTime: '1695348301000' };
    const tasks = staticTaskSource([{ TaskId: 'a' }, malformed, { TaskId: 'c' }]);

    expect(tasks.count(0)).toBe(3);
    expect(tasks.slice(Number.MAX_SAFE_INTEGER, 1, 5)).toEqual([malformed, { TaskId: 'c' }]);
  });

  it('puts inserted tasks at the head without changing the array it was given', () => {
    const given = [{ TaskId: 'a' }];
    const tasks = staticTaskSource(given);

    tasks.insertAtHead({ TaskId: 'new' });

    expect(tasks.slice(0, 0, 5)).toEqual([{ TaskId: 'new' }, { TaskId: 'a' }]);
    expect(given).toEqual([{ TaskId: 'a' }]);
  });
});
