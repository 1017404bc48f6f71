import type { TaskSource } from './dataset.js';

/** A task list that tests change between collections the way a busy instance's list changes. */
export interface ChurningTaskSource extends TaskSource {
  /** Every task, newest first (the task objects themselves: changing one changes what is served). */
  readonly tasks: readonly Record<string, unknown>[];
  /** Sets fields of the task with this TaskId (e.g. a RUNNING task finishing); false when there is none. */
  update(taskId: string, fields: Record<string, unknown>): boolean;
  /** Drops the `count` oldest tasks (the tail), as a retention limit does. */
  dropOldest(count: number): void;
  /** Drops the task with this TaskId wherever it is; false when there is none. */
  remove(taskId: string): boolean;
}

/**
 * A list served exactly as given, newest first, ignoring the clock (like staticTaskSource), that
 * also changes in place: tasks appear at the head (insertAtHead), finish (update), leave the tail
 * (dropOldest) or the middle (remove). For the incremental-listing tests. The array is copied.
 */
export function churningTaskSource(initial: readonly Record<string, unknown>[]): ChurningTaskSource {
  const list = [...initial];
  return {
    get tasks() {
      return list;
    },
    count: () => list.length,
    slice: (_nowMs, offset, limit) => list.slice(offset, offset + limit),
    insertAtHead: (task) => {
      list.unshift(task);
    },
    findTask: (_nowMs, taskId) => list.find((task) => task['TaskId'] === taskId),
    update: (taskId, fields) => {
      const task = list.find((candidate) => candidate['TaskId'] === taskId);
      if (task) Object.assign(task, fields);
      return task !== undefined;
    },
    dropOldest: (count) => {
      list.splice(Math.max(0, list.length - count), count);
    },
    remove: (taskId) => {
      const index = list.findIndex((task) => task['TaskId'] === taskId);
      if (index >= 0) list.splice(index, 1);
      return index >= 0;
    },
  };
}
