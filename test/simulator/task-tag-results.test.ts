import { describe, expect, it } from '@jest/globals';
import { taskTagResults } from '../../src/simulator/task-tag-results.js';

const base = { TaskId: 'crast-1', NamespaceName: 'ns', RepoName: 'repo', StartTime: 1000, TagTotalCount: 5 };

describe('taskTagResults', () => {
  it('gives one COMPLETED/SUCCESS result per subscribed tag, spread over the task, the same every time', () => {
    const task = { ...base, TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: 4000, TagSubscriptionCount: 3 };

    const results = taskTagResults(task, 0);

    expect(results).toEqual(taskTagResults(task, 99_999));
    expect(results.map((r) => [r['Status'], r['Result'], r['StartTime'], r['EndTime']])).toEqual([
      ['COMPLETED', 'SUCCESS', 1000, 2000],
      ['COMPLETED', 'SUCCESS', 2000, 3000],
      ['COMPLETED', 'SUCCESS', 3000, 4000],
    ]);
    expect(new Set(results.map((r) => r['Tag'])).size).toBe(3);
    expect(results[0]).toMatchObject({ NamespaceName: 'ns', RepoName: 'repo' });
  });

  it('adds the tag in progress for a running task, and a FAILED tag per tag not subscribed for a failed one', () => {
    const running = taskTagResults({ ...base, TaskStatus: 'RUNNING', TaskResult: '', EndTime: 0, TagSubscriptionCount: 1 }, 3000);
    const failed = taskTagResults({ ...base, TaskStatus: 'COMPLETED', TaskResult: 'FAILED', EndTime: 3000, TagSubscriptionCount: 1 }, 0);
    const failedWithAll = taskTagResults({ ...base, TaskStatus: 'COMPLETED', TaskResult: 'FAILED', EndTime: 3000, TagSubscriptionCount: 5 }, 0);

    expect(running.map((r) => [r['Status'], r['EndTime']])).toEqual([
      ['COMPLETED', 2000],
      ['RUNNING', 0],
    ]);
    expect(failed.map((r) => r['Result'])).toEqual(['SUCCESS', 'FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expect(new Set(failed.map((r) => r['Tag'])).size).toBe(5);
    expect(failedWithAll.map((r) => r['Result'])).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED']);
  });

  it('copes with malformed fields', () => {
    expect(taskTagResults({ TaskStatus: 'COMPLETED', TagSubscriptionCount: 'x', StartTime: 'bad' }, 0)).toEqual([]);
  });
});
