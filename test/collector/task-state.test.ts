import { describe, expect, it } from '@jest/globals';
import { hasNegativeDuration, isFinished, isInProgress, taskDurationSeconds } from '../../src/collector/task-state.js';
import { DEFAULT_IN_PROGRESS, T0_MS, task } from './subscription-task-fixture.js';

describe('isInProgress / isFinished', () => {
  it('a RUNNING task is in progress and not finished, even with an EndTime', () => {
    const running = task({ taskStatus: 'RUNNING', endTimeMs: T0_MS + 1000 });
    expect(isInProgress(running, DEFAULT_IN_PROGRESS)).toBe(true);
    expect(isFinished(running, DEFAULT_IN_PROGRESS)).toBe(false);
  });

  it('a task out of the in-progress set is finished only with an EndTime > 0', () => {
    expect(isFinished(task({ taskStatus: 'SUCCESS', endTimeMs: T0_MS }), DEFAULT_IN_PROGRESS)).toBe(true);
    expect(isFinished(task({ taskStatus: 'SUCCESS', endTimeMs: undefined }), DEFAULT_IN_PROGRESS)).toBe(false);
    expect(isFinished(task({ taskStatus: 'SUCCESS', endTimeMs: 0 }), DEFAULT_IN_PROGRESS)).toBe(false);
    expect(isInProgress(task({ taskStatus: 'SUCCESS', endTimeMs: undefined }), DEFAULT_IN_PROGRESS)).toBe(false);
  });

  it('uses the configured statuses, not a built-in list', () => {
    const custom = new Set(['SYNCING']);
    expect(isInProgress(task({ taskStatus: 'SYNCING' }), custom)).toBe(true);
    expect(isInProgress(task({ taskStatus: 'RUNNING' }), custom)).toBe(false);
    expect(isFinished(task({ taskStatus: 'RUNNING', endTimeMs: T0_MS }), custom)).toBe(true);
  });

  it('ignores blanks around the status', () => {
    expect(isInProgress(task({ taskStatus: ' RUNNING ' }), DEFAULT_IN_PROGRESS)).toBe(true);
  });
});

describe('taskDurationSeconds', () => {
  it('is EndTime - StartTime in seconds', () => {
    expect(taskDurationSeconds(task({ startTimeMs: T0_MS, endTimeMs: T0_MS + 90_500 }))).toBe(90.5);
    expect(taskDurationSeconds(task({ startTimeMs: T0_MS, endTimeMs: T0_MS }))).toBe(0);
  });

  it('is undefined when a time is unknown, zero, or EndTime < StartTime', () => {
    expect(taskDurationSeconds(task({ startTimeMs: undefined }))).toBeUndefined();
    expect(taskDurationSeconds(task({ endTimeMs: undefined }))).toBeUndefined();
    expect(taskDurationSeconds(task({ startTimeMs: 0 }))).toBeUndefined();
    expect(taskDurationSeconds(task({ startTimeMs: T0_MS, endTimeMs: T0_MS - 1 }))).toBeUndefined();
  });
});

describe('hasNegativeDuration', () => {
  it('is true only when both times are known and EndTime < StartTime', () => {
    expect(hasNegativeDuration(task({ startTimeMs: 1_695_348_301_000, endTimeMs: 1_692_756_630_000 }))).toBe(true);
    expect(hasNegativeDuration(task({ startTimeMs: T0_MS, endTimeMs: T0_MS }))).toBe(false);
    expect(hasNegativeDuration(task({ startTimeMs: undefined, endTimeMs: T0_MS }))).toBe(false);
    expect(hasNegativeDuration(task({ startTimeMs: T0_MS, endTimeMs: undefined }))).toBe(false);
  });
});
