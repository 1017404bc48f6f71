import type { InvalidTaskReason, SubscriptionTask } from '../model/subscription-task.js';
import { isRawObject, readCount, readEpochMs, readString } from './raw-fields.js';

/** A task as read from ListArtifactSubscriptionTask: the task, or undefined when rejected, and every problem found. */
export interface ParsedSubscriptionTask {
  task: SubscriptionTask | undefined;
  invalid: InvalidTaskReason[];
}

/**
 * Validates one raw entry of `Tasks`. A task without a TaskId is rejected (missing_task_id):
 * an id is never invented, since "counted once per TaskId" depends on it. Otherwise the task is
 * kept and each unreadable field becomes undefined with its reason: StartTime/EndTime
 * (invalid_start_time, invalid_end_time; EndTime 0, "" or absent means not ended) and the tag
 * counts (invalid_tag_count, once per bad count). Missing strings become "".
 */
export function parseSubscriptionTask(raw: unknown): ParsedSubscriptionTask {
  if (!isRawObject(raw)) return { task: undefined, invalid: ['missing_task_id'] };
  const taskId = readString(raw['TaskId']).trim();
  if (taskId === '') return { task: undefined, invalid: ['missing_task_id'] };

  const invalid: InvalidTaskReason[] = [];
  const startTime = readEpochMs(raw['StartTime']);
  if (startTime.invalid) invalid.push('invalid_start_time');
  const endTime = readEpochMs(raw['EndTime']);
  if (endTime.invalid) invalid.push('invalid_end_time');
  const tagTotalCount = readCount(raw['TagTotalCount']);
  if (tagTotalCount.invalid) invalid.push('invalid_tag_count');
  const tagSubscriptionCount = readCount(raw['TagSubscriptionCount']);
  if (tagSubscriptionCount.invalid) invalid.push('invalid_tag_count');

  return {
    task: {
      taskId,
      instanceId: readString(raw['InstanceId']),
      taskStatus: readString(raw['TaskStatus']),
      taskResult: readString(raw['TaskResult']),
      taskType: readString(raw['TaskType']),
      startTimeMs: startTime.value,
      endTimeMs: endTime.value,
      artifactType: readString(raw['ArtifactType']),
      sourceProvider: readString(raw['SourceProvider']),
      sourceRepoType: readString(raw['SourceRepoType']),
      sourceNamespaceName: readString(raw['SourceNamespaceName']),
      sourceRepoName: readString(raw['SourceRepoName']),
      namespaceName: readString(raw['NamespaceName']),
      repoName: readString(raw['RepoName']),
      tagTotalCount: tagTotalCount.value,
      tagSubscriptionCount: tagSubscriptionCount.value,
      message: readString(raw['Message']),
    },
    invalid,
  };
}
