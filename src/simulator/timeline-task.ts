/**
 * A subscription task with a life: it is invisible before it starts, RUNNING (subscribing more
 * tags as it goes) until startMs + durationMs, then finished with its final result. Rendered to
 * the wire shape for a given time, so moving the data clock moves every task.
 */

/** A task that starts RUNNING and finishes. */
export interface TimelineTask {
  taskId: string;
  instanceId: string;
  namespaceName: string;
  repoName: string;
  /** DOCKER_HUB | GCR | QUAY. */
  sourceProvider: string;
  sourceNamespaceName: string;
  sourceRepoName: string;
  /** AUTO | MANUAL. */
  taskType: string;
  /** Epoch milliseconds. */
  startMs: number;
  durationMs: number;
  /** TaskResult once finished, e.g. SUCCESS | FAILED. */
  finalResult: string;
  tagTotalCount: number;
  /** Subscribed tags once finished; while RUNNING the count grows linearly from 0 to this. */
  tagSubscriptionCount: number;
  /** TaskStatus once finished. @default FINISHED_STATUS ('COMPLETED') */
  finalStatus?: string;
  /** Message once finished. @default 'success' for SUCCESS, FAILURE_MESSAGE otherwise */
  message?: string;
}

/** TaskStatus while a task runs (the value the reference page shows). */
export const RUNNING_STATUS = 'RUNNING';
/** TaskStatus of a finished task: the API documents no value; COMPLETED is the per-tag status it shows. */
export const FINISHED_STATUS = 'COMPLETED';
const FAILURE_MESSAGE = 'sync failed: source registry returned an error for some tags';

export function isRunningAt(task: TimelineTask, nowMs: number): boolean {
  return nowMs < task.startMs + task.durationMs;
}

/** The task as ListArtifactSubscriptionTask sends it at `nowMs` (which must be >= startMs). */
export function renderTimelineTask(task: TimelineTask, nowMs: number): Record<string, unknown> {
  const running = isRunningAt(task, nowMs);
  const progress = running ? Math.max(0, nowMs - task.startMs) / task.durationMs : 1;
  const finishedMessage = task.message ?? (task.finalResult === 'SUCCESS' ? 'success' : FAILURE_MESSAGE);
  return {
    InstanceId: task.instanceId,
    TaskId: task.taskId,
    TaskStatus: running ? RUNNING_STATUS : (task.finalStatus ?? FINISHED_STATUS),
    TaskResult: running ? '' : task.finalResult,
    TaskType: task.taskType,
    StartTime: task.startMs,
    // The API sends 0 for a task that has not ended yet.
    EndTime: running ? 0 : task.startMs + task.durationMs,
    ArtifactType: 'IMAGE',
    SourceProvider: task.sourceProvider,
    SourceRepoType: 'PUBLIC',
    SourceNamespaceName: task.sourceNamespaceName,
    SourceRepoName: task.sourceRepoName,
    NamespaceName: task.namespaceName,
    RepoName: task.repoName,
    TagTotalCount: task.tagTotalCount,
    TagSubscriptionCount: Math.floor(task.tagSubscriptionCount * progress),
    Message: running ? '' : finishedMessage,
  };
}
