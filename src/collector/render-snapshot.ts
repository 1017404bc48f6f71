import { Registry } from 'prom-client';
import type { MetricKey } from '../metric-names.js';
import { createGauges, type Gauges } from './metric-gauges.js';
import type { FinishedTask, InstanceTaskSummary, RepositorySummary } from './instance-summary.js';
import type { Snapshot, InstanceSnapshot } from './snapshot.js';
import { labelValue } from './task-labels.js';
import { createRuleGauges, fillRules } from './render-rules.js';
import type { InstanceTaskTags } from './task-tag-summary.js';

const MS_PER_SECOND = 1000;

/**
 * The per-snapshot gauges (everything that describes "now"), in a FRESH registry built from one
 * snapshot with plain set() calls. Nothing carries over from the previous snapshot, so a
 * repository or instance that vanished has no series, and no gauge keeps a stale label set.
 * Instances render in snapshot order.
 *
 * Absent rather than 0 when there is no value: the oldest in-progress start (no task in
 * progress), a repository's ratio (total tags 0 or unknown), tags/subscribed tags/last start
 * (unknown), last duration (no finished task, or not computable), last success (none),
 * last_collect_success (never succeeded), instance_info (not discovered), last task tags (the
 * newest finished task succeeded, or its tags are not fetched yet), task results pending (no task
 * data, or collection.taskResultBudget 0).
 */
export function buildSnapshotRegistry(snapshot: Snapshot): Registry {
  const registry = new Registry();
  const gauges = createGauges(registry, SNAPSHOT_METRIC_KEYS);
  const ruleGauges = createRuleGauges(registry);
  for (const instance of snapshot.instances) {
    fillInstance(gauges, instance);
    fillRules(ruleGauges, instance);
  }
  gauges.shardInfo.set({ shard: String(snapshot.shard.index), total_shards: String(snapshot.shard.total) }, 1);
  gauges.ownedInstances.set(snapshot.instances.length);
  return registry;
}

/** Every per-snapshot metric key, in exposition order. */
const SNAPSHOT_METRIC_KEYS = [
  'tasks',
  'runningOldestStart',
  'repositoryTags',
  'repositorySubscribedTags',
  'repositoryTagSubscriptionRatio',
  'repositoryLastTaskStart',
  'repositoryLastTaskDuration',
  'repositoryLastSuccess',
  'repositoryLastTaskInfo',
  'repositoryLastTaskTags',
  'instanceInfo',
  'invalidTasks',
  'taskResultsPending',
  'collectSuccess',
  'collectDuration',
  'lastCollectSuccess',
  'shardInfo',
  'ownedInstances',
] as const satisfies readonly MetricKey[];

type SnapshotGauges = Gauges<(typeof SNAPSHOT_METRIC_KEYS)[number]>;

function fillInstance(gauges: SnapshotGauges, instance: InstanceSnapshot): void {
  const target = { region: instance.region, instance_id: instance.instanceId };
  if (instance.tasks) fillTasks(gauges, target, instance.tasks);
  if (instance.lastTaskTags) fillTaskTags(gauges, target, instance.lastTaskTags);
  if (instance.info) {
    gauges.instanceInfo.set(
      {
        ...target,
        instance_name: labelValue(instance.info.instanceName),
        instance_specification: labelValue(instance.info.instanceSpecification),
        instance_status: labelValue(instance.info.instanceStatus),
      },
      1,
    );
  }
  gauges.collectSuccess.set(target, instance.collectSuccess ? 1 : 0);
  gauges.collectDuration.set(target, instance.collectDurationSeconds);
  if (instance.lastSuccessTimeMs !== undefined) gauges.lastCollectSuccess.set(target, instance.lastSuccessTimeMs / MS_PER_SECOND);
}

type TargetLabels = { region: string; instance_id: string };
type RepositoryLabels = TargetLabels & { namespace: string; repository: string };

function fillTasks(gauges: SnapshotGauges, target: TargetLabels, tasks: InstanceTaskSummary): void {
  for (const { status, result, count } of tasks.tasksByStatusResult) gauges.tasks.set({ ...target, status, result }, count);
  if (tasks.oldestInProgressStartTimeMs !== undefined) {
    gauges.runningOldestStart.set(target, tasks.oldestInProgressStartTimeMs / MS_PER_SECOND);
  }
  for (const repository of tasks.repositories) fillRepository(gauges, target, repository);
  for (const { reason, count } of tasks.invalidTasks) gauges.invalidTasks.set({ ...target, reason }, count);
}

function fillRepository(gauges: SnapshotGauges, target: TargetLabels, summary: RepositorySummary): void {
  const labels = { ...target, namespace: summary.namespace, repository: summary.repository };
  const { lastTask, lastFinished } = summary;
  if (lastFinished) fillFinishedTask(gauges, labels, lastFinished);
  if (lastTask.startTimeMs !== undefined) gauges.repositoryLastTaskStart.set(labels, lastTask.startTimeMs / MS_PER_SECOND);
  if (summary.lastSuccessEndTimeMs !== undefined) gauges.repositoryLastSuccess.set(labels, summary.lastSuccessEndTimeMs / MS_PER_SECOND);
  gauges.repositoryLastTaskInfo.set(
    {
      ...labels,
      source_provider: lastTask.sourceProvider,
      source_namespace: lastTask.sourceNamespace,
      source_repository: lastTask.sourceRepository,
      task_type: lastTask.taskType,
      status: lastTask.status,
      result: lastTask.result,
    },
    1,
  );
}

/** Tags of each failed newest finished task by per-tag result, and how many such tasks still wait for theirs. */
function fillTaskTags(gauges: SnapshotGauges, target: TargetLabels, taskTags: InstanceTaskTags): void {
  for (const { namespace, repository, tags } of taskTags.repositories) {
    for (const { result, count } of tags.byResult) gauges.repositoryLastTaskTags.set({ ...target, namespace, repository, result }, count);
  }
  gauges.taskResultsPending.set(target, taskTags.pending);
}

/** The outcome gauges: the repository's newest finished task (absent while none has finished). */
function fillFinishedTask(gauges: SnapshotGauges, labels: RepositoryLabels, finished: FinishedTask): void {
  const { tagTotalCount, tagSubscriptionCount, durationSeconds } = finished;
  if (tagTotalCount !== undefined) gauges.repositoryTags.set(labels, tagTotalCount);
  if (tagSubscriptionCount !== undefined) gauges.repositorySubscribedTags.set(labels, tagSubscriptionCount);
  if (tagTotalCount !== undefined && tagTotalCount > 0 && tagSubscriptionCount !== undefined) {
    gauges.repositoryTagSubscriptionRatio.set(labels, tagSubscriptionCount / tagTotalCount);
  }
  if (durationSeconds !== undefined) gauges.repositoryLastTaskDuration.set(labels, durationSeconds);
}
