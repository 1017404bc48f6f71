import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ManualClock } from '../../src/clock.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { buildSnapshotRegistry } from '../../src/collector/render-snapshot.js';
import type { Snapshot } from '../../src/collector/snapshot.js';
import { snapshotPreparer } from '../../src/collector/snapshot-exposition.js';
import type { InstanceTarget } from '../../src/discovery/instance-target.js';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import type { SubscriptionTaskTagResult } from '../../src/model/task-tag-result.js';
import type { TaskLister } from '../../src/scheduler/collect-targets.js';
import { Collection } from '../../src/scheduler/collection.js';
import { FailedTaskTags, type TaskResultReader } from '../../src/scheduler/failed-task-tags.js';
import { TASK_RESULT_RETRY_INITIAL_MS, TASK_RESULT_RETRY_MAX_MS } from '../../src/scheduler/task-result-backoff.js';
import { recordingLogger } from '../support/recording-logger.js';
import { silentLogger } from '../support/silent-logger.js';

const REGION = 'cn-hangzhou';
const T0_MS = 1_704_067_200_000;
const MINUTE_MS = 60_000;

/** A finished task of repository mirror/<repo> that ended `endMinute` minutes after T0 with `result`. */
function task(instanceId: string, taskId: string, repo: string, result: string, endMinute: number): SubscriptionTask {
  return {
    taskId, instanceId, taskStatus: 'COMPLETED', taskResult: result, taskType: 'AUTO', startTimeMs: T0_MS + (endMinute - 1) * MINUTE_MS,
    endTimeMs: T0_MS + endMinute * MINUTE_MS, artifactType: 'IMAGE', sourceProvider: 'DOCKER_HUB', sourceRepoType: 'PUBLIC',
    sourceNamespaceName: 'library', sourceRepoName: repo, namespaceName: 'mirror', repoName: repo, tagTotalCount: 3, tagSubscriptionCount: 1,
    message: `${taskId} message`,
  };
}

function tag(name: string, result: string): SubscriptionTaskTagResult {
  return { tag: name, status: 'COMPLETED', result, startTimeMs: T0_MS, endTimeMs: T0_MS + 1000, namespaceName: 'mirror', repoName: 'x' };
}

/** The API: each instance lists `tasks[instanceId]` in one page; GetArtifactSubscriptionTaskResult answers `tags[taskId]`. */
class FakeApi implements TaskLister, TaskResultReader {
  readonly tasks = new Map<string, SubscriptionTask[]>();
  readonly tags = new Map<string, SubscriptionTaskTagResult[]>();
  /** TaskIds whose GetArtifactSubscriptionTaskResult fails, like a NoPrivilege answer. */
  readonly denied = new Set<string>();
  /** TaskIds asked, in order. */
  readonly asked: string[] = [];
  /** Whether ListArtifactSubscriptionTask fails. */
  listingFails = false;
  listings = 0;

  get apiCalls(): number {
    return this.listings + this.asked.length;
  }

  forgetInstance(): void {}

  async *listSubscriptionTasks(_region: string, instanceId: string): AsyncGenerator<SubscriptionTaskPage> {
    this.listings += 1;
    if (this.listingFails) throw new Error('listing failed');
    yield { pageNo: 1, tasks: this.tasks.get(instanceId) ?? [], invalid: [] };
  }

  async getSubscriptionTaskResult(_region: string, _instanceId: string, taskId: string): Promise<SubscriptionTaskTagResult[]> {
    this.asked.push(taskId);
    if (this.denied.has(taskId)) throw Object.assign(new Error('NoPrivilege: denied'), { code: 'NoPrivilege' });
    return this.tags.get(taskId) ?? [];
  }
}

function setup(instanceIds: string[], budget: number, options: { logger?: ReturnType<typeof recordingLogger>['logger'] } = {}) {
  const clock = new ManualClock(T0_MS + 24 * 60 * MINUTE_MS);
  const api = new FakeApi();
  const registry = new Registry();
  const logger = options.logger ?? silentLogger;
  const store = new FailedTaskTags({ clock, logger });
  const targets: InstanceTarget[] = instanceIds.map((instanceId) => ({ region: REGION, instanceId, info: undefined }));
  const collection = new Collection({
    discovery: { discover: async () => ({ targets: [...targets], discoveredCount: targets.length, failures: [] }) },
    lister: api,
    taskTags: { store, reader: api, budget },
    metrics: new ExporterMetrics(registry, { version: 'test' }),
    completions: new CompletionTracker(1000),
    prepare: snapshotPreparer(registry),
    config: { concurrency: 2, inProgressStatuses: ['RUNNING'], keepStaleData: 15 * MINUTE_MS },
    shard: { index: 0, total: 1 },
    clock,
    logger,
  });
  return { clock, api, store, collection };
}

/** The tag and pending series of a snapshot, as exposition lines. */
async function tagSeries(snapshot: Snapshot): Promise<string[]> {
  const text = await buildSnapshotRegistry(snapshot).metrics();
  return text.split('\n').filter((line) => /^acr_(subscription_repository_last_task_tags|exporter_task_results_pending)\{/.test(line));
}

describe('FailedTaskTags in a collection', () => {
  it('asks only for the failed newest finished tasks, once each, and exposes their tags by result', async () => {
    const { api, collection } = setup(['cri-a'], 20);
    api.tasks.set('cri-a', [
      task('cri-a', 'ok-old', 'nginx', 'FAILED', 1),
      task('cri-a', 'ok-new', 'nginx', 'SUCCESS', 2), // nginx's newest finished task succeeded: no call
      task('cri-a', 'bad', 'redis', 'FAILED', 3),
    ]);
    api.tags.set('bad', [tag('7.2', 'SUCCESS'), tag('7.0', 'FAILED'), tag('6.2', 'FAILED'), tag('6.0', '')]);

    const first = await collection.run();
    const second = await collection.run();

    expect(api.asked).toEqual(['bad']);
    const expected = [
      'acr_subscription_repository_last_task_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="redis",result="FAILED"} 2',
      'acr_subscription_repository_last_task_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="redis",result="NONE"} 1',
      'acr_subscription_repository_last_task_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="redis",result="SUCCESS"} 1',
      'acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-a"} 0',
    ];
    expect(await tagSeries(first)).toEqual(expected);
    expect(await tagSeries(second)).toEqual(expected);
    expect(first.instances[0]?.lastTaskTags?.repositories[0]?.tags).toEqual({
      byResult: [
        { result: 'FAILED', count: 2 },
        { result: 'NONE', count: 1 },
        { result: 'SUCCESS', count: 1 },
      ],
      failedTags: ['7.0', '6.2', '6.0'],
      failedTagCount: 3,
    });
  });

  it('asks at most the budget per collection, oldest failure first, the rest in later collections, and counts them pending', async () => {
    const { api, collection } = setup(['cri-a', 'cri-b'], 2);
    api.tasks.set('cri-a', [task('cri-a', 'a-30', 'r1', 'FAILED', 30), task('cri-a', 'a-10', 'r2', 'FAILED', 10)]);
    api.tasks.set('cri-b', [task('cri-b', 'b-20', 'r3', 'FAILED', 20), task('cri-b', 'b-40', 'r4', 'FAILED', 40), task('cri-b', 'b-5', 'r5', 'ERROR', 5)]);

    const first = await collection.run();
    expect(api.asked.slice().sort()).toEqual(['a-10', 'b-5']);
    expect(await tagSeries(first)).toContain('acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-b"} 2');
    expect(await tagSeries(first)).toContain('acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-a"} 1');

    await collection.run();
    expect(api.asked.slice(2).sort()).toEqual(['a-30', 'b-20']);
    const third = await collection.run();
    expect(api.asked.slice(4)).toEqual(['b-40']);
    const fourth = await collection.run();

    expect(api.asked).toHaveLength(5);
    expect((await tagSeries(third)).filter((line) => line.startsWith('acr_exporter_task_results_pending'))).toEqual([
      'acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-a"} 0',
      'acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-b"} 0',
    ]);
    expect(await tagSeries(fourth)).toEqual(await tagSeries(third));
  });

  it('makes no call and no series with a budget of 0', async () => {
    const { api, collection } = setup(['cri-a'], 0);
    api.tasks.set('cri-a', [task('cri-a', 'bad', 'redis', 'FAILED', 3)]);

    const snapshot = await collection.run();

    expect(api.asked).toEqual([]);
    expect(await tagSeries(snapshot)).toEqual([]);
    expect(snapshot.instances[0]?.lastTaskTags).toBeUndefined();
  });

  it('drops the series, and asks nothing, once a newer task of the repository succeeded', async () => {
    const { api, store, collection } = setup(['cri-a'], 20);
    api.tasks.set('cri-a', [task('cri-a', 'bad', 'redis', 'FAILED', 3)]);
    api.tags.set('bad', [tag('7.0', 'FAILED')]);
    expect(await tagSeries(await collection.run())).toHaveLength(2);

    api.tasks.get('cri-a')!.unshift(task('cri-a', 'good', 'redis', 'SUCCESS', 4));
    const after = await collection.run();

    expect(api.asked).toEqual(['bad']);
    expect(await tagSeries(after)).toEqual(['acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-a"} 0']);
    expect(store.cachedTasks).toBe(0);
  });

  it('asks again for a newer failed task of the same repository', async () => {
    const { api, collection } = setup(['cri-a'], 20);
    api.tasks.set('cri-a', [task('cri-a', 'bad-1', 'redis', 'FAILED', 3)]);
    api.tags.set('bad-1', [tag('7.0', 'FAILED')]);
    api.tags.set('bad-2', [tag('7.0', 'FAILED'), tag('7.2', 'FAILED')]);
    await collection.run();

    api.tasks.get('cri-a')!.unshift(task('cri-a', 'bad-2', 'redis', 'FAILED', 4));
    const after = await collection.run();

    expect(api.asked).toEqual(['bad-1', 'bad-2']);
    expect(await tagSeries(after)).toContain(
      'acr_subscription_repository_last_task_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="redis",result="FAILED"} 2',
    );
  });

  it('retries a failed call after a backoff that doubles, keeps the task data, and logs one line per failure', async () => {
    const { logger, lines } = recordingLogger();
    const { clock, api, collection } = setup(['cri-a'], 20, { logger });
    api.tasks.set('cri-a', [task('cri-a', 'bad', 'redis', 'FAILED', 3)]);
    api.tags.set('bad', [tag('7.0', 'FAILED')]);
    api.denied.add('bad');

    const first = await collection.run();
    expect(first.instances[0]?.collectSuccess).toBe(true);
    expect(first.instances[0]?.tasks?.repositories).toHaveLength(1);
    expect(await tagSeries(first)).toEqual(['acr_exporter_task_results_pending{region="cn-hangzhou",instance_id="cri-a"} 1']);

    await clock.advance(TASK_RESULT_RETRY_INITIAL_MS - 1);
    await collection.run();
    expect(api.asked).toEqual(['bad']); // still backing off
    await clock.advance(1);
    await collection.run();
    expect(api.asked).toEqual(['bad', 'bad']); // failed again: the wait doubles
    await clock.advance(2 * TASK_RESULT_RETRY_INITIAL_MS - 1);
    await collection.run();
    expect(api.asked).toHaveLength(2);

    api.denied.delete('bad');
    await clock.advance(1);
    const fixed = await collection.run();
    expect(api.asked).toHaveLength(3);
    expect(await tagSeries(fixed)).toContain(
      'acr_subscription_repository_last_task_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="redis",result="FAILED"} 1',
    );
    const warnings = lines.filter((line) => line['msg'] === 'tag results of a failed task could not be fetched; asking again later');
    expect(warnings.map((line) => [line['taskId'], line['retryInSeconds'], (line['error'] as { code: string }).code])).toEqual([
      ['bad', 60, 'NoPrivilege'],
      ['bad', 120, 'NoPrivilege'],
    ]);
    const finished = lines.filter((line) => line['msg'] === 'collection finished').map((line) => line['taskResults']);
    expect(finished[0]).toEqual({ asked: 1, failed: 1, pending: 1 });
    expect(finished.at(-1)).toEqual({ asked: 1, failed: 0, pending: 0 });
  });

  it('caps the backoff at TASK_RESULT_RETRY_MAX_MS', async () => {
    const { clock, api, collection } = setup(['cri-a'], 20);
    api.tasks.set('cri-a', [task('cri-a', 'bad', 'redis', 'FAILED', 3)]);
    api.denied.add('bad');
    // 1, 2, 4, 8, 16, 32 minutes, then 60 (not 64).
    for (const waitMinutes of [0, 1, 2, 4, 8, 16, 32]) {
      await clock.advance(waitMinutes * MINUTE_MS);
      await collection.run();
    }
    expect(api.asked).toHaveLength(7);

    await clock.advance(TASK_RESULT_RETRY_MAX_MS - 1);
    await collection.run();
    await clock.advance(1);
    await collection.run();

    expect(api.asked).toHaveLength(8);
  });

  it('keeps serving the tags of an instance whose listing fails, with its last good data', async () => {
    const { api, collection } = setup(['cri-a'], 20);
    api.tasks.set('cri-a', [task('cri-a', 'bad', 'redis', 'FAILED', 3)]);
    api.tags.set('bad', [tag('7.0', 'FAILED')]);
    const before = await tagSeries(await collection.run());
    api.listingFails = true;

    const failing = await collection.run();

    expect(failing.instances[0]?.collectSuccess).toBe(false);
    expect(await tagSeries(failing)).toEqual(before);
    expect(api.asked).toEqual(['bad']);
  });
});
