import { describe, expect, it } from '@jest/globals';
import { countTaskStates } from '../../src/server/task-state-counts.js';
import { IN_PROGRESS, summary } from './landing-page-fixture.js';

describe('countTaskStates', () => {
  it('adds up the in-progress statuses and counts the other tasks by result, sorted', () => {
    const tasks = summary(
      [],
      [
        { status: 'FINISHED', result: 'SUCCESS', count: 5 },
        { status: 'PENDING', result: 'NONE', count: 1 },
        { status: 'RUNNING', result: 'SUCCESS', count: 2 },
        { status: 'FINISHED', result: 'FAILED', count: 3 },
        { status: 'STOPPED', result: 'FAILED', count: 1 },
      ],
    );

    expect(countTaskStates(tasks, IN_PROGRESS)).toEqual({
      inProgress: 3,
      finishedByResult: [
        { result: 'FAILED', count: 4 },
        { result: 'SUCCESS', count: 5 },
      ],
    });
  });

  it('is zero in progress and no results for an instance without tasks', () => {
    expect(countTaskStates(summary([]), IN_PROGRESS)).toEqual({ inProgress: 0, finishedByResult: [] });
  });
});
