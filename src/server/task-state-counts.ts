import type { InstanceTaskSummary } from '../collector/instance-summary.js';

export interface TaskStateCounts {
  inProgress: number;
  /** The listed tasks not in progress, by result label value (NONE: none sent), sorted by result. */
  finishedByResult: { result: string; count: number }[];
}

/** The instance's listed tasks: how many are in progress, and how many ended with each result. */
export function countTaskStates(tasks: InstanceTaskSummary, inProgressStatuses: ReadonlySet<string>): TaskStateCounts {
  let inProgress = 0;
  const byResult = new Map<string, number>();
  for (const { status, result, count } of tasks.tasksByStatusResult) {
    if (inProgressStatuses.has(status)) inProgress += count;
    else byResult.set(result, (byResult.get(result) ?? 0) + count);
  }
  const finishedByResult = [...byResult].map(([result, count]) => ({ result, count })).sort((a, b) => (a.result < b.result ? -1 : a.result > b.result ? 1 : 0));
  return { inProgress, finishedByResult };
}
