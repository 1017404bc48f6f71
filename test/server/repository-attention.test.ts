import { describe, expect, it } from '@jest/globals';
import { NO_RECENT_SUCCESS_MS, repositoriesNeedingAttention } from '../../src/server/repository-attention.js';
import { HOUR_MS, IN_PROGRESS, NOW_MS, repository, summary } from './landing-page-fixture.js';

const reasonsOf = (...repositories: ReturnType<typeof repository>[]) =>
  repositoriesNeedingAttention(summary(repositories), IN_PROGRESS, NOW_MS).map(({ repository: { repository: name }, reasons }) => ({ name, reasons }));

describe('repositoriesNeedingAttention', () => {
  it('leaves out a repository whose newest task succeeded with every tag within a day', () => {
    expect(reasonsOf(repository())).toEqual([]);
  });

  it('lists a repository whose newest task finished with another result', () => {
    const failed = repository({ lastTask: { ...repository().lastTask, result: 'FAILED' } });

    expect(reasonsOf(failed)).toEqual([{ name: 'nginx', reasons: [{ kind: 'last-task-failed', result: 'FAILED' }] }]);
  });

  it('ignores the result of a task still in progress, and a task without a result', () => {
    const running = repository({ lastTask: { ...repository().lastTask, status: 'RUNNING', result: 'FAILED' } });
    const noResult = repository({ repository: 'redis', lastTask: { ...repository().lastTask, result: 'NONE' } });

    expect(reasonsOf(running, noResult)).toEqual([]);
  });

  it('lists a newest finished task that subscribed fewer tags than it found, not one that found none', () => {
    const partial = repository({ lastFinished: { tagTotalCount: 10, tagSubscriptionCount: 7, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' } });
    const empty = repository({ repository: 'redis', lastFinished: { tagTotalCount: 0, tagSubscriptionCount: 0, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' } });
    const unknown = repository({ repository: 'golang', lastFinished: { tagTotalCount: undefined, tagSubscriptionCount: 3, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' } });

    expect(reasonsOf(partial, empty, unknown)).toEqual([{ name: 'nginx', reasons: [{ kind: 'ratio-low', subscribed: 7, total: 10 }] }]);
  });

  it('lists a last success older than a day, and a repository whose finished tasks never succeeded', () => {
    const old = repository({ lastSuccessEndTimeMs: NOW_MS - NO_RECENT_SUCCESS_MS - 1 });
    const justInTime = repository({ repository: 'redis', lastSuccessEndTimeMs: NOW_MS - NO_RECENT_SUCCESS_MS });
    const never = repository({ repository: 'golang', lastSuccessEndTimeMs: undefined });

    expect(reasonsOf(old, justInTime, never)).toEqual([
      { name: 'nginx', reasons: [{ kind: 'no-recent-success', lastSuccessEndTimeMs: NOW_MS - NO_RECENT_SUCCESS_MS - 1 }] },
      { name: 'golang', reasons: [{ kind: 'never-succeeded' }] },
    ]);
  });

  it('does not call a repository whose first task is still running unsuccessful', () => {
    const first = repository({
      lastTask: { ...repository().lastTask, status: 'RUNNING', result: 'NONE', startTimeMs: NOW_MS - HOUR_MS },
      lastFinished: undefined,
      lastSuccessEndTimeMs: undefined,
    });

    expect(reasonsOf(first)).toEqual([]);
  });

  it('gives every reason that applies, in a fixed order', () => {
    const bad = repository({
      lastTask: { ...repository().lastTask, result: 'FAILED' },
      lastFinished: { tagTotalCount: 4, tagSubscriptionCount: 1, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' },
      lastSuccessEndTimeMs: undefined,
    });

    expect(reasonsOf(bad)[0]?.reasons.map((reason) => reason.kind)).toEqual(['last-task-failed', 'ratio-low', 'never-succeeded']);
  });
});
