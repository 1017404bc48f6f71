import type { TaskSource } from '../dataset.js';
import { readPage } from '../paging.js';
import { taskTagResults } from '../task-tag-results.js';
import { notSuccessBody } from '../wire-response.js';
import { isAnswer, requireField, requireInstance, pageAnswer, type ActionHandler } from './action-handler.js';

/** Tasks read per step when a TaskSource has no findTask and has to be scanned. */
const SCAN_BATCH = 1000;

/** GetArtifactSubscriptionTaskResult: the per-tag results of one task (InstanceId and TaskId), paged. */
export const getArtifactSubscriptionTaskResult: ActionHandler = (request) => {
  const instance = requireInstance(request);
  if (isAnswer(instance)) return instance;
  const taskId = requireField(request, 'TaskId');
  const page = readPage(request.query);
  const task = findTask(instance.tasks, request.nowMs, taskId);
  if (!task) {
    return { status: 200, body: notSuccessBody(request.requestId, 'TASK_NOT_EXIST', 'task not exist.') };
  }
  const results = instance.tagResults?.[taskId] ?? taskTagResults(task, request.nowMs);
  return pageAnswer(request, page, results.length, 'TaskResults', results.slice(page.offset, page.offset + page.pageSize));
};

function findTask(tasks: TaskSource, nowMs: number, taskId: string): Record<string, unknown> | undefined {
  if (tasks.findTask) return tasks.findTask(nowMs, taskId);
  const count = tasks.count(nowMs);
  for (let offset = 0; offset < count; offset += SCAN_BATCH) {
    const found = tasks.slice(nowMs, offset, SCAN_BATCH).find((task) => task['TaskId'] === taskId);
    if (found) return found;
  }
  return undefined;
}
