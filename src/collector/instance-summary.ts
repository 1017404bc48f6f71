import type { InvalidTaskReason } from '../model/subscription-task.js';

/**
 * The plain-data result of one instance's listing: everything the per-snapshot gauges need, and
 * nothing per task. Strings that become label values are already label values (trimmed, NONE
 * when empty, see task-labels.ts); times are epoch milliseconds as the API sends them.
 *
 * "Newest" always means: the greatest StartTime, a task with an unknown StartTime being older
 * than any with a known one; on a tie the greater TaskId (string order) wins. The tie-break
 * ignores listing order on purpose: the API documents no ordering and pages shift while tasks
 * are inserted, so "the later one listed" would make acr_subscription_repository_last_task_info
 * flap between two tasks from one collection to the next.
 */

/** The repository's newest task, in any state. */
export interface LastTask {
  /** Epoch ms; undefined when the API sent none. */
  startTimeMs: number | undefined;
  sourceProvider: string;
  sourceNamespace: string;
  sourceRepository: string;
  taskType: string;
  status: string;
  result: string;
}

/**
 * What the repository's newest FINISHED task says of its outcome. A running task's tag counts are
 * progress, not an outcome (a ratio climbing from 0.29 to 1.0 while it runs), so they never
 * replace the last finished task's.
 */
export interface FinishedTask {
  tagTotalCount: number | undefined;
  tagSubscriptionCount: number | undefined;
  /** undefined when not computable (unknown time, EndTime < StartTime). */
  durationSeconds: number | undefined;
  /** Its TaskId: which task GetArtifactSubscriptionTaskResult is asked about when it did not succeed. */
  taskId: string;
  /** Its result, as a label value (SUCCESS, FAILED, ..., NONE). */
  result: string;
  /** Its EndTime, epoch ms (a finished task has one). */
  endTimeMs: number;
  /** Its Message, as the API sent it (API text: escape it before showing it). */
  message: string;
}

export interface RepositorySummary {
  namespace: string;
  repository: string;
  /** The repository's newest task (see "newest" above). */
  lastTask: LastTask;
  /** The repository's newest finished task; undefined while none has finished. */
  lastFinished: FinishedTask | undefined;
  /** EndTime of the newest finished task whose result is SUCCESS; undefined when none. */
  lastSuccessEndTimeMs: number | undefined;
}

export interface StatusResultCount {
  status: string;
  result: string;
  count: number;
}

export interface InstanceTaskSummary {
  /** Tasks listed, by (status, result) label values; sorted by status, then result. */
  tasksByStatusResult: StatusResultCount[];
  /** StartTime of the oldest in-progress task with a known StartTime; undefined when none. */
  oldestInProgressStartTimeMs: number | undefined;
  /** Sorted by namespace, then repository. */
  repositories: RepositorySummary[];
  /** Tasks the listing yielded (tasks rejected by the API layer are not among them). */
  tasksListed: number;
  /** The distinct results (label values) of the finished tasks listed; sorted. */
  finishedResults: string[];
  /** Invalid tasks in this listing, by reason (a task may have several); sorted by reason. */
  invalidTasks: { reason: InvalidTaskReason; count: number }[];
}
