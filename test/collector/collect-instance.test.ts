import { describe, expect, it } from '@jest/globals';
import type { SubscriptionTaskPage } from '../../src/api/models.js';
import { collectInstance } from '../../src/collector/collect-instance.js';
import { SeenTaskIds } from '../../src/collector/seen-task-ids.js';
import { ApiError } from '../../src/errors.js';
import { DEFAULT_IN_PROGRESS, RecordingSink, page, pagesOf, task } from './subscription-task-fixture.js';

function depsWith(sink: RecordingSink, seen = new SeenTaskIds(100)) {
  return { inProgressStatuses: DEFAULT_IN_PROGRESS, seen, instanceKey: 'cn-hangzhou/cri-a', sink };
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
    expect(sink.invalid).toEqual(['missing_task_id']);
  });

  it('propagates a listing error after the tasks before it went to the sink, and keeps them seen', async () => {
    const sink = new RecordingSink();
    const seen = new SeenTaskIds(100);
    const failure = new ApiError({ kind: 'throttling', action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', code: 'Throttling', message: 'slow down' });
    async function* failingAfterOnePage(): AsyncGenerator<SubscriptionTaskPage> {
      yield page([task({ taskId: 't1' })]);
      throw failure;
    }

    await expect(collectInstance(failingAfterOnePage(), depsWith(sink, seen))).rejects.toBe(failure);

    expect(sink.completed).toEqual([{ result: 'SUCCESS', durationSeconds: 60 }]);
    expect(seen.has('cn-hangzhou/cri-a', 't1')).toBe(true);
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
