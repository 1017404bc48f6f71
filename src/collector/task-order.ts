/**
 * Which of two tasks is newer, as instance-summary.ts defines "newest": the greater StartTime,
 * an unknown StartTime being older than any known one, and on a tie the greater TaskId. The
 * result does not depend on the order in which the API lists the tasks.
 */

/** The two fields that order tasks. */
export interface TaskRank {
  startTimeMs: number | undefined;
  taskId: string;
}

export function isNewerTask(a: TaskRank, b: TaskRank): boolean {
  const aStart = a.startTimeMs ?? Number.NEGATIVE_INFINITY;
  const bStart = b.startTimeMs ?? Number.NEGATIVE_INFINITY;
  if (aStart !== bStart) return aStart > bStart;
  return a.taskId > b.taskId;
}
