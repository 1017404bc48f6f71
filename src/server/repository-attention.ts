import type { InstanceTaskSummary, RepositorySummary } from '../collector/instance-summary.js';
import { SUCCESS_RESULT } from '../collector/task-state.js';

/**
 * Which repositories the landing page lists as needing attention, by the same rules as the bundled
 * alerts (alerts/acr-subscription.rules.yml): the newest task finished without SUCCESS, the newest
 * finished task subscribed fewer tags than it found, or no success for a day (or none at all).
 */

/** AcrSubscriptionRepositoryNoRecentSuccess's default threshold. */
export const NO_RECENT_SUCCESS_MS = 24 * 60 * 60 * 1000;

/** The result label value of a task without a TaskResult (task-labels.ts). */
const NO_RESULT = 'NONE';

export type AttentionReason =
  | { kind: 'last-task-failed'; result: string }
  | { kind: 'ratio-low'; subscribed: number; total: number }
  | { kind: 'no-recent-success'; lastSuccessEndTimeMs: number }
  | { kind: 'never-succeeded' };

export interface RepositoryAttention {
  repository: RepositorySummary;
  reasons: AttentionReason[];
}

function attentionReasons(repository: RepositorySummary, inProgressStatuses: ReadonlySet<string>, nowMs: number): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  const { lastTask, lastFinished, lastSuccessEndTimeMs } = repository;
  // A task in progress may already carry a TaskResult (the API reference's sample does): not an outcome yet.
  if (!inProgressStatuses.has(lastTask.status) && lastTask.result !== SUCCESS_RESULT && lastTask.result !== NO_RESULT) {
    reasons.push({ kind: 'last-task-failed', result: lastTask.result });
  }
  const subscribed = lastFinished?.tagSubscriptionCount;
  const total = lastFinished?.tagTotalCount;
  if (subscribed !== undefined && total !== undefined && total > 0 && subscribed < total) {
    reasons.push({ kind: 'ratio-low', subscribed, total });
  }
  if (lastSuccessEndTimeMs !== undefined) {
    if (nowMs - lastSuccessEndTimeMs > NO_RECENT_SUCCESS_MS) reasons.push({ kind: 'no-recent-success', lastSuccessEndTimeMs });
  } else if (lastFinished !== undefined) {
    // Only once a task has finished: a repository whose first task is still running has not failed yet.
    reasons.push({ kind: 'never-succeeded' });
  }
  return reasons;
}

/** The instance's repositories that need attention, in the summary's order (namespace, repository). */
export function repositoriesNeedingAttention(
  tasks: InstanceTaskSummary,
  inProgressStatuses: ReadonlySet<string>,
  nowMs: number,
): RepositoryAttention[] {
  return tasks.repositories
    .map((repository) => ({ repository, reasons: attentionReasons(repository, inProgressStatuses, nowMs) }))
    .filter((attention) => attention.reasons.length > 0);
}
