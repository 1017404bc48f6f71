import type { InvalidTaskReason, SubscriptionTask, SubscriptionTaskPage } from '../model/subscription-task.js';
import type { CompletionSink } from './completion-sink.js';
import type { CompletionListing } from './completion-tracker.js';
import type { FinishedTask, InstanceTaskSummary, LastTask, RepositorySummary, StatusResultCount } from './instance-summary.js';
import { labelValue } from './task-labels.js';
import { isNewerTask, type TaskRank } from './task-order.js';
import { hasNegativeDuration, isFinished, isInProgress, SUCCESS_RESULT, taskDurationSeconds } from './task-state.js';

export type { CompletionSink } from './completion-sink.js';

export interface TaskAggregatorDeps {
  /** TaskStatus values that mean "in progress" (collection.inProgressStatuses). */
  inProgressStatuses: ReadonlySet<string>;
  /** This listing of the instance, as the process-wide CompletionTracker sees it: which completions to count. */
  completions: CompletionListing;
  /** Receives the completions to count as they stream by. */
  sink: CompletionSink;
}

/** What is kept per repository while the pages stream by: three tasks' worth of fields (and one Message), never the tasks. */
interface RepositoryState {
  namespace: string;
  repository: string;
  newest: { rank: TaskRank; lastTask: LastTask };
  newestFinished: { rank: TaskRank; finishedTask: FinishedTask } | undefined;
  newestSuccess: { rank: TaskRank; endTimeMs: number } | undefined;
}

/**
 * Aggregates one instance's listing, page by page: add() every page, then summary(). Memory
 * grows with the number of repositories and (status, result) pairs, not with the number of
 * tasks: no task is kept after add() returns.
 *
 * Side effects happen during add(), in listing order: every task goes to `completions`, and a
 * finished task it says to count goes to sink.taskCompleted (with no duration when its EndTime is
 * before its StartTime). A collection that fails half way has therefore already reported the
 * completions it got to, which really happened.
 */
export class TaskAggregator {
  private readonly countsByStatus = new Map<string, Map<string, number>>();
  private readonly invalidByReason = new Map<InvalidTaskReason, number>();
  private readonly finishedResults = new Set<string>();
  private readonly repositoriesByKey = new Map<string, RepositoryState>();
  private oldestInProgressStartTimeMs: number | undefined;
  private tasksListed = 0;

  constructor(private readonly deps: TaskAggregatorDeps) {}

  add(page: SubscriptionTaskPage): void {
    for (const reason of page.invalid) this.countInvalid(reason);
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
      lastFinished: state.newestFinished ? { ...state.newestFinished.finishedTask } : undefined,
      lastSuccessEndTimeMs: state.newestSuccess?.endTimeMs,
    }));
    repositories.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.repository, b.repository));

    return {
      tasksByStatusResult,
      oldestInProgressStartTimeMs: this.oldestInProgressStartTimeMs,
      repositories,
      tasksListed: this.tasksListed,
      finishedResults: [...this.finishedResults].sort(compareStrings),
      invalidTasks: [...this.invalidByReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => compareStrings(a.reason, b.reason)),
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
    if (finished) {
      this.finishedResults.add(result);
      if (hasNegativeDuration(task)) this.countInvalid('negative_duration');
    }
    if (this.deps.completions.observe(task.taskId, task.startTimeMs, finished)) this.deps.sink.taskCompleted(result, durationSeconds);
    this.updateRepository(task, { status, result, finished, durationSeconds });
  }

  private countInvalid(reason: InvalidTaskReason): void {
    this.invalidByReason.set(reason, (this.invalidByReason.get(reason) ?? 0) + 1);
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
      state.newestFinished = {
        rank,
        finishedTask: {
          tagTotalCount: task.tagTotalCount,
          tagSubscriptionCount: task.tagSubscriptionCount,
          durationSeconds: derived.durationSeconds,
          taskId: task.taskId,
          result: derived.result,
          // isFinished guarantees an EndTime > 0.
          endTimeMs: task.endTimeMs ?? 0,
          message: task.message,
        },
      };
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
