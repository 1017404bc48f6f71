import type { TaskSource } from './dataset.js';

/**
 * A fixed task list served exactly as given, newest first in the order given, ignoring the clock:
 * for fixtures and for malformed tasks on purpose (a missing TaskId, EndTime as a string, ...).
 * The array is copied, so insertAtHead does not change the caller's array; the task objects are not.
 */
export function staticTaskSource(tasks: Record<string, unknown>[]): TaskSource {
  const list = [...tasks];
  return {
    count: () => list.length,
    slice: (_nowMs, offset, limit) => list.slice(offset, offset + limit),
    insertAtHead: (task) => {
      list.unshift(task);
    },
    findTask: (_nowMs, taskId) => list.find((task) => task['TaskId'] === taskId),
  };
}
