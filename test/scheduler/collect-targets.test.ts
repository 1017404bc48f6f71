import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import { ManualClock } from '../../src/clock.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { collectTargets, type TaskLister } from '../../src/scheduler/collect-targets.js';

function task(taskId: string, startTimeMs = 1000): SubscriptionTask {
  return {
    taskId, instanceId: 'x', taskStatus: 'COMPLETED', taskResult: 'SUCCESS', taskType: 'AUTO', startTimeMs, endTimeMs: startTimeMs + 60_000,
    artifactType: 'IMAGE', sourceProvider: 'DOCKER_HUB', sourceRepoType: 'PUBLIC', sourceNamespaceName: 'library', sourceRepoName: 'nginx',
    namespaceName: 'mirror', repoName: 'nginx', tagTotalCount: 2, tagSubscriptionCount: 2, message: '',
  };
}

/** cri-bad fails after its first page; the others answer two pages; concurrency is recorded. */
class FakeTaskLister implements TaskLister {
  readonly apiCalls = 0;
  forgetInstance(): void {}
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
      { lister, concurrency: 2, inProgressStatuses: new Set(['RUNNING']), completions: new CompletionTracker(100), metrics: new ExporterMetrics(new Registry(), { version: 'test' }), clock: new ManualClock(0) },
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

  it('takes the first complete listing of an instance as its baseline: series at 0, completions counted from then on', async () => {
    const registry = new Registry();
    const deps = {
      concurrency: 1,
      inProgressStatuses: new Set(['RUNNING']),
      completions: new CompletionTracker(100),
      metrics: new ExporterMetrics(registry, { version: 'test' }),
      clock: new ManualClock(0),
    };
    const listings: SubscriptionTask[][] = [[task('old')], [task('new', 5000), task('old')]];
    const lister: TaskLister = {
      apiCalls: 0,
      forgetInstance: () => undefined,
      async *listSubscriptionTasks() {
        yield { pageNo: 1, tasks: listings.shift() ?? [], invalid: [] };
      },
    };
    const targets = [{ region: 'cn-hangzhou', instanceId: 'cri-a', info: undefined }];
    const completed = async () => (await registry.metrics()).split('\n').filter((line) => line.startsWith('acr_subscription_tasks_completed_total{'));

    await collectTargets(targets, { ...deps, lister });
    expect(await completed()).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 0',
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
    ]);

    await collectTargets(targets, { ...deps, lister });
    expect(await completed()).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
    ]);
  });
});
