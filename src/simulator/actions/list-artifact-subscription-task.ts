import { createHash } from 'node:crypto';
import type { ListOrder, TaskSource } from '../dataset.js';
import { readPage } from '../paging.js';
import { isAnswer, requireInstance, pageAnswer, type ActionHandler } from './action-handler.js';

/**
 * ListArtifactSubscriptionTask: the instance's visible tasks in its listOrder (newest first by
 * default), paged. An instance may cap its pages silently (silentPageSizeCap) and announce a
 * TotalCount of its own (announcedTotalCount).
 */
export const listArtifactSubscriptionTask: ActionHandler = (request) => {
  const instance = requireInstance(request);
  if (isAnswer(instance)) return instance;
  const page = readPage(request.query);
  const served = Math.min(page.pageSize, instance.silentPageSizeCap ?? page.pageSize);
  const tasks = sliceInOrder(instance.tasks, instance.listOrder ?? 'newest-first', request.nowMs, (page.pageNo - 1) * served, served);
  return pageAnswer(request, page, instance.announcedTotalCount ?? instance.tasks.count(request.nowMs), 'Tasks', tasks);
};

/** Tasks [offset, offset+limit) of the list in `order`; TaskSource slices newest first. */
function sliceInOrder(source: TaskSource, order: ListOrder, nowMs: number, offset: number, limit: number): Record<string, unknown>[] {
  if (order === 'newest-first') return source.slice(nowMs, offset, limit);
  const total = source.count(nowMs);
  if (order === 'oldest-first') {
    const end = Math.max(0, total - offset);
    const start = Math.max(0, end - limit);
    return source.slice(nowMs, start, end - start).reverse();
  }
  const shuffled = source.slice(nowMs, 0, total).map((task) => ({ task, key: shuffleKey(task) }));
  shuffled.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return shuffled.slice(offset, offset + limit).map(({ task }) => task);
}

function shuffleKey(task: Record<string, unknown>): string {
  return createHash('sha1').update(String(task['TaskId'] ?? '')).digest('hex');
}
