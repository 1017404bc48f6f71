import type { TaskSource } from './dataset.js';
import { renderTimelineTask, type TimelineTask } from './timeline-task.js';

/**
 * Tasks whose status follows the clock (see timeline-task.ts), newest StartTime first. Tasks put
 * at the head with insertAtHead are served as given, before all timeline tasks.
 */
export function timelineTaskSource(tasks: TimelineTask[]): TaskSource {
  // Newest first; ties broken by TaskId so the order never depends on the input order.
  const timeline = [...tasks].sort((a, b) => b.startMs - a.startMs || (a.taskId < b.taskId ? -1 : 1));
  const head: Record<string, unknown>[] = [];

  /** Index of the first task that has started at nowMs (the ones before it start in the future). */
  const firstVisible = (nowMs: number): number => {
    let low = 0;
    let high = timeline.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((timeline[middle] as TimelineTask).startMs > nowMs) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  return {
    count: (nowMs) => head.length + timeline.length - firstVisible(nowMs),
    slice: (nowMs, offset, limit) => {
      const fromHead = head.slice(offset, offset + limit);
      const start = firstVisible(nowMs) + Math.max(0, offset - head.length);
      const rest = timeline.slice(start, start + limit - fromHead.length);
      return [...fromHead, ...rest.map((task) => renderTimelineTask(task, nowMs))];
    },
    insertAtHead: (task) => {
      head.unshift(task);
    },
    findTask: (nowMs, taskId) => {
      const inserted = head.find((task) => task['TaskId'] === taskId);
      if (inserted) return inserted;
      const task = timeline.find((candidate) => candidate.taskId === taskId && candidate.startMs <= nowMs);
      return task ? renderTimelineTask(task, nowMs) : undefined;
    },
  };
}
