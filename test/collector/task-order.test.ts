import { describe, expect, it } from '@jest/globals';
import { isNewerTask } from '../../src/collector/task-order.js';

describe('isNewerTask', () => {
  it('orders by StartTime', () => {
    expect(isNewerTask({ startTimeMs: 2, taskId: 'a' }, { startTimeMs: 1, taskId: 'z' })).toBe(true);
    expect(isNewerTask({ startTimeMs: 1, taskId: 'z' }, { startTimeMs: 2, taskId: 'a' })).toBe(false);
  });

  it('puts an unknown StartTime before any known one', () => {
    expect(isNewerTask({ startTimeMs: undefined, taskId: 'z' }, { startTimeMs: 1, taskId: 'a' })).toBe(false);
    expect(isNewerTask({ startTimeMs: 1, taskId: 'a' }, { startTimeMs: undefined, taskId: 'z' })).toBe(true);
  });

  it('breaks a tie with the greater TaskId, whichever comes first', () => {
    expect(isNewerTask({ startTimeMs: 5, taskId: 'crast-b' }, { startTimeMs: 5, taskId: 'crast-a' })).toBe(true);
    expect(isNewerTask({ startTimeMs: 5, taskId: 'crast-a' }, { startTimeMs: 5, taskId: 'crast-b' })).toBe(false);
    expect(isNewerTask({ startTimeMs: undefined, taskId: 'b' }, { startTimeMs: undefined, taskId: 'a' })).toBe(true);
  });

  it('a task is not newer than itself', () => {
    expect(isNewerTask({ startTimeMs: 5, taskId: 'a' }, { startTimeMs: 5, taskId: 'a' })).toBe(false);
  });
});
