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
  /**
   * TaskResult sent while RUNNING. The API reference's own sample is a RUNNING task with
   * TaskResult SUCCESS. @default '' (none)
   */
  runningResult?: string;
  /**
   * While RUNNING, send an EndTime this many ms before StartTime instead of 0: a stale EndTime,
   * as in the reference sample (one second before). @default undefined (EndTime 0)
   */
  staleEndTimeBeforeStartMs?: number;
  /** Send StartTime and EndTime as digit strings (the generated SDK types them string). @default false (numbers) */
  timesAsStrings?: boolean;
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
  // The API sends 0 for a task that has not ended yet, or (the reference sample) a stale EndTime.
  const runningEndMs = task.staleEndTimeBeforeStartMs === undefined ? 0 : task.startMs - task.staleEndTimeBeforeStartMs;
  const time = (ms: number): number | string => (task.timesAsStrings ? String(ms) : ms);
  return {
    InstanceId: task.instanceId,
    TaskId: task.taskId,
    TaskStatus: running ? RUNNING_STATUS : (task.finalStatus ?? FINISHED_STATUS),
    TaskResult: running ? (task.runningResult ?? '') : task.finalResult,
    TaskType: task.taskType,
    StartTime: time(task.startMs),
    EndTime: time(running ? runningEndMs : task.startMs + task.durationMs),
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
