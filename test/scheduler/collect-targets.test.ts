import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/api/models.js';
import { ManualClock } from '../../src/clock.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { SeenTaskIds } from '../../src/collector/seen-task-ids.js';
import { collectTargets, type TaskLister } from '../../src/scheduler/collect-targets.js';

function task(taskId: string): SubscriptionTask {
  return {
    taskId, instanceId: 'x', taskStatus: 'COMPLETED', taskResult: 'SUCCESS', taskType: 'AUTO', startTimeMs: 1000, endTimeMs: 61_000,
    artifactType: 'IMAGE', sourceProvider: 'DOCKER_HUB', sourceRepoType: 'PUBLIC', sourceNamespaceName: 'library', sourceRepoName: 'nginx',
    namespaceName: 'mirror', repoName: 'nginx', tagTotalCount: 2, tagSubscriptionCount: 2, message: '',
  };
}

/** cri-bad fails after its first page; the others answer two pages; concurrency is recorded. */
class FakeTaskLister implements TaskLister {
  inFlight = 0;
  maxInFlight = 0;
  async *listSubscriptionTasks(_region: string, instanceId: string): AsyncGenerator<SubscriptionTaskPage> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      yield { pageNo: 1, tasks: [task(`${instanceId}-1`)], invalid: [] };
      if (instanceId === 'cri-bad') throw new Error('page 2 failed');
      yield { pageNo: 2, tasks: [task(`${instanceId}-2`)], invalid: [] };
    } finally {
      this.inFlight -= 1;
    }
  }
}

describe('collectTargets', () => {
  it('isolates a failing instance, limits concurrency and counts pages', async () => {
    const lister = new FakeTaskLister();
    const ids = ['cri-a', 'cri-bad', 'cri-c', 'cri-d', 'cri-e'];
    const outcomes = await collectTargets(
      ids.map((instanceId) => ({ region: 'cn-hangzhou', instanceId, info: undefined })),
      { lister, concurrency: 2, inProgressStatuses: new Set(['RUNNING']), seen: new SeenTaskIds(100), metrics: new ExporterMetrics(new Registry(), { version: 'test' }), clock: new ManualClock(0) },
    );
    expect(lister.maxInFlight).toBe(2);
    expect(outcomes.map((o) => [o.target.instanceId, o.summary?.tasksListed ?? 'failed', o.pages])).toEqual([
      ['cri-a', 2, 2],
      ['cri-bad', 'failed', 1],
      ['cri-c', 2, 2],
      ['cri-d', 2, 2],
      ['cri-e', 2, 2],
    ]);
    expect((outcomes[1]!.error as Error).message).toBe('page 2 failed');
  });
});
