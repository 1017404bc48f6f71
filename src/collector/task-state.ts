import type { SubscriptionTask } from '../model/subscription-task.js';

/**
 * Where a task stands, from the fields the API sends. The sets of TaskStatus values are not
 * documented, so "in progress" is a configured set (collection.inProgressStatuses) and every
 * other status is accepted as it comes.
 */

const MS_PER_SECOND = 1000;

/** The TaskResult of a successful task (the only value the API reference shows). */
export const SUCCESS_RESULT = 'SUCCESS';
/**
 * The results whose completion series exist from an instance's first complete listing on, at 0,
 * so that increase() sees the first success and the first failure. FAILED is the value the
 * console shows for a failed task; the API documents no list, and any other result a listing
 * shows gets a series too (CompletionSink.resultsListed).
 */
export const RESULTS_ALWAYS_EXPOSED = [SUCCESS_RESULT, 'FAILED'] as const;

/** The task's TaskStatus (trimmed, case as sent) is one of the configured in-progress statuses. */
export function isInProgress(task: SubscriptionTask, inProgressStatuses: ReadonlySet<string>): boolean {
  return inProgressStatuses.has(task.taskStatus.trim());
}

/** Not in progress and EndTime > 0: the task ended (whatever its result). */
export function isFinished(task: SubscriptionTask, inProgressStatuses: ReadonlySet<string>): boolean {
  return !isInProgress(task, inProgressStatuses) && task.endTimeMs !== undefined && task.endTimeMs > 0;
}

/**
 * EndTime < StartTime, both known: the API sends such tasks (its own sample does). Their
 * duration is never observed and they are counted as invalid (`negative_duration`).
 */
export function hasNegativeDuration(task: SubscriptionTask): boolean {
  const { startTimeMs, endTimeMs } = task;
  return startTimeMs !== undefined && endTimeMs !== undefined && startTimeMs > 0 && endTimeMs > 0 && endTimeMs < startTimeMs;
}

/**
 * (EndTime - StartTime) in seconds when both times are known (> 0) and EndTime >= StartTime,
 * else undefined. It does not know the in-progress statuses, so callers ask it only about tasks
 * that `isFinished`; a StartTime of 0 is treated as unknown, since a real task never started at
 * the Unix epoch and a "duration" since 1970 would poison the histogram.
 */
export function taskDurationSeconds(task: SubscriptionTask): number | undefined {
  const { startTimeMs, endTimeMs } = task;
  if (startTimeMs === undefined || endTimeMs === undefined) return undefined;
  if (startTimeMs <= 0 || endTimeMs <= 0 || endTimeMs < startTimeMs) return undefined;
  return (endTimeMs - startTimeMs) / MS_PER_SECOND;
}
