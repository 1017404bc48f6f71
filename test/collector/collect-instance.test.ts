import { describe, expect, it } from '@jest/globals';
import type { SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import { collectInstance } from '../../src/collector/collect-instance.js';
import type { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { ApiError } from '../../src/errors.js';
import { DEFAULT_IN_PROGRESS, INSTANCE_KEY, RecordingSink, page, pagesOf, task, trackerPastBaseline } from './subscription-task-fixture.js';

function depsWith(sink: RecordingSink, tracker: CompletionTracker = trackerPastBaseline()) {
  return { inProgressStatuses: DEFAULT_IN_PROGRESS, completions: tracker.beginListing(INSTANCE_KEY), sink };
}

describe('collectInstance', () => {
  it('aggregates every page of the listing', async () => {
    const sink = new RecordingSink();

    const summary = await collectInstance(
      pagesOf(page([task({ taskId: 't1' })], [], 1), page([task({ taskId: 't2', taskResult: 'FAILED' })], ['missing_task_id'], 2)),
      depsWith(sink),
    );

    expect(summary.tasksListed).toBe(2);
    expect(summary.tasksByStatusResult).toEqual([
      { status: 'SUCCESS', result: 'FAILED', count: 1 },
      { status: 'SUCCESS', result: 'SUCCESS', count: 1 },
    ]);
    expect(sink.completed.map((c) => c.result)).toEqual(['SUCCESS', 'FAILED']);
    expect(summary.invalidTasks).toEqual([{ reason: 'missing_task_id', count: 1 }]);
  });

  it('propagates a listing error after the completions before it went to the sink, and keeps them counted', async () => {
    const sink = new RecordingSink();
    const tracker = trackerPastBaseline();
    const failure = new ApiError({ kind: 'throttling', action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', code: 'Throttling', message: 'slow down' });
    async function* failingAfterOnePage(): AsyncGenerator<SubscriptionTaskPage> {
      yield page([task({ taskId: 't1' })]);
      throw failure;
    }

    await expect(collectInstance(failingAfterOnePage(), depsWith(sink, tracker))).rejects.toBe(failure);
    expect(sink.completed).toEqual([{ result: 'SUCCESS', durationSeconds: 60 }]);

    // The next listing does not count t1 again.
    await collectInstance(pagesOf(page([task({ taskId: 't1' })])), depsWith(sink, tracker));
    expect(sink.completed).toHaveLength(1);
  });

  it('asks for the next page only after the previous one was aggregated', async () => {
    const sink = new RecordingSink();
    const completedWhenPageRequested: number[] = [];
    async function* observed(): AsyncGenerator<SubscriptionTaskPage> {
      for (let pageNo = 1; pageNo <= 3; pageNo += 1) {
        completedWhenPageRequested.push(sink.completed.length);
        yield page([task({ taskId: `t${pageNo}` })], [], pageNo);
      }
    }

    await collectInstance(observed(), depsWith(sink));

    expect(completedWhenPageRequested).toEqual([0, 1, 2]);
  });
});
