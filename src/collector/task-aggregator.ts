import type { SubscriptionTask, SubscriptionTaskPage } from '../api/models.js';
import type { CollectionSink } from './collection-sink.js';
import type { InstanceTaskSummary, LastTask, RepositorySummary, StatusResultCount } from './instance-summary.js';
import type { SeenTaskIds } from './seen-task-ids.js';
import { labelValue } from './task-labels.js';
import { isNewerTask, type TaskRank } from './task-order.js';
import { hasNegativeDuration, isFinished, isInProgress, taskDurationSeconds } from './task-state.js';

export type { CollectionSink } from './collection-sink.js';

/** The TaskResult (as a label value) that counts as a success for last_success_timestamp. */
const SUCCESS_RESULT = 'SUCCESS';

export interface TaskAggregatorDeps {
  /** TaskStatus values that mean "in progress" (collection.inProgressStatuses). */
  inProgressStatuses: ReadonlySet<string>;
  /** Finished TaskIds already counted, shared by every collection of the process. */
  seen: SeenTaskIds;
  /** Scopes TaskIds in `seen`: TaskIds are only documented unique per instance (targetKey of the instance). */
  instanceKey: string;
  /** Receives completed tasks and invalid-task reasons as they stream by. */
  sink: CollectionSink;
}

/** What is kept per repository while the pages stream by: three tasks' worth of fields, never the tasks. */
interface RepositoryState {
  namespace: string;
  repository: string;
  newest: { rank: TaskRank; lastTask: LastTask };
  newestFinished: { rank: TaskRank; durationSeconds: number | undefined } | undefined;
  newestSuccess: { rank: TaskRank; endTimeMs: number } | undefined;
}

/**
 * Aggregates one instance's listing, page by page: add() every page, then summary(). Memory
 * grows with the number of repositories and (status, result) pairs, not with the number of
 * tasks: no task is kept after add() returns.
 *
 * Side effects happen during add(), in listing order: every reason in a page's `invalid` goes to
 * sink.invalidTask; a finished task whose TaskId `seen` does not know yet goes to
 * sink.taskCompleted once (with no duration, and one `negative_duration` invalid report, when
 * its EndTime is before its StartTime) and is recorded as seen. A collection that fails half
 * way has therefore already reported the tasks it got to, which really finished.
 */
export class TaskAggregator {
  private readonly countsByStatus = new Map<string, Map<string, number>>();
  private readonly repositoriesByKey = new Map<string, RepositoryState>();
  private oldestInProgressStartTimeMs: number | undefined;
  private tasksListed = 0;

  constructor(private readonly deps: TaskAggregatorDeps) {}

  add(page: SubscriptionTaskPage): void {
    for (const reason of page.invalid) this.deps.sink.invalidTask(reason);
    for (const task of page.tasks) this.addTask(task);
  }

  /** Repositories seen so far. */
  get repositoryCount(): number {
    return this.repositoriesByKey.size;
  }

  /** The listing so far, as plain data (a copy: adding more pages later does not change it). */
  summary(): InstanceTaskSummary {
    const tasksByStatusResult: StatusResultCount[] = [];
    for (const [status, byResult] of this.countsByStatus) {
      for (const [result, count] of byResult) tasksByStatusResult.push({ status, result, count });
    }
    tasksByStatusResult.sort((a, b) => compareStrings(a.status, b.status) || compareStrings(a.result, b.result));

    const repositories: RepositorySummary[] = [...this.repositoriesByKey.values()].map((state) => ({
      namespace: state.namespace,
      repository: state.repository,
      lastTask: { ...state.newest.lastTask },
      lastFinishedDurationSeconds: state.newestFinished?.durationSeconds,
      lastSuccessEndTimeMs: state.newestSuccess?.endTimeMs,
    }));
    repositories.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.repository, b.repository));

    return {
      tasksByStatusResult,
      oldestInProgressStartTimeMs: this.oldestInProgressStartTimeMs,
      repositories,
      tasksListed: this.tasksListed,
    };
  }

  private addTask(task: SubscriptionTask): void {
    this.tasksListed += 1;
    const status = labelValue(task.taskStatus);
    const result = labelValue(task.taskResult);
    this.countStatusResult(status, result);

    const inProgress = isInProgress(task, this.deps.inProgressStatuses);
    const finished = isFinished(task, this.deps.inProgressStatuses);
    if (inProgress && task.startTimeMs !== undefined) {
      this.oldestInProgressStartTimeMs = Math.min(this.oldestInProgressStartTimeMs ?? task.startTimeMs, task.startTimeMs);
    }
    const durationSeconds = finished ? taskDurationSeconds(task) : undefined;
    if (finished && this.deps.seen.markSeen(this.deps.instanceKey, task.taskId)) {
      if (hasNegativeDuration(task)) this.deps.sink.invalidTask('negative_duration');
      this.deps.sink.taskCompleted(result, durationSeconds);
    }
    this.updateRepository(task, { status, result, finished, durationSeconds });
  }

  private countStatusResult(status: string, result: string): void {
    let byResult = this.countsByStatus.get(status);
    if (!byResult) {
      byResult = new Map();
      this.countsByStatus.set(status, byResult);
    }
    byResult.set(result, (byResult.get(result) ?? 0) + 1);
  }

  private updateRepository(
    task: SubscriptionTask,
    derived: { status: string; result: string; finished: boolean; durationSeconds: number | undefined },
  ): void {
    const namespace = labelValue(task.namespaceName);
    const repository = labelValue(task.repoName);
    const rank: TaskRank = { startTimeMs: task.startTimeMs, taskId: task.taskId };
    const key = `${namespace}\u0000${repository}`;
    let state = this.repositoriesByKey.get(key);
    if (!state) {
      state = { namespace, repository, newest: { rank, lastTask: lastTaskOf(task, derived) }, newestFinished: undefined, newestSuccess: undefined };
      this.repositoriesByKey.set(key, state);
    } else if (isNewerTask(rank, state.newest.rank)) {
      state.newest = { rank, lastTask: lastTaskOf(task, derived) };
    }
    if (!derived.finished) return;
    if (!state.newestFinished || isNewerTask(rank, state.newestFinished.rank)) {
      state.newestFinished = { rank, durationSeconds: derived.durationSeconds };
    }
    // isFinished guarantees an EndTime > 0.
    if (derived.result === SUCCESS_RESULT && task.endTimeMs !== undefined) {
      if (!state.newestSuccess || isNewerTask(rank, state.newestSuccess.rank)) {
        state.newestSuccess = { rank, endTimeMs: task.endTimeMs };
      }
    }
  }
}

function lastTaskOf(task: SubscriptionTask, derived: { status: string; result: string }): LastTask {
  return {
    startTimeMs: task.startTimeMs,
    tagTotalCount: task.tagTotalCount,
    tagSubscriptionCount: task.tagSubscriptionCount,
    sourceProvider: labelValue(task.sourceProvider),
    sourceNamespace: labelValue(task.sourceNamespaceName),
    sourceRepository: labelValue(task.sourceRepoName),
    taskType: labelValue(task.taskType),
    status: derived.status,
    result: derived.result,
  };
}

/** Code-unit order, locale-independent, so the output is the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
