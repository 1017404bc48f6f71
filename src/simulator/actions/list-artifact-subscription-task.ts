import { readPage } from '../paging.js';
import { isAnswer, requireInstance, pageAnswer, type ActionHandler } from './action-handler.js';

/**
 * ListArtifactSubscriptionTask: the instance's visible tasks, newest first, paged. An instance may
 * cap its pages silently (silentPageSizeCap) and announce a TotalCount of its own (announcedTotalCount).
 */
export const listArtifactSubscriptionTask: ActionHandler = (request) => {
  const instance = requireInstance(request);
  if (isAnswer(instance)) return instance;
  const page = readPage(request.query);
  const served = Math.min(page.pageSize, instance.silentPageSizeCap ?? page.pageSize);
  const tasks = instance.tasks.slice(request.nowMs, (page.pageNo - 1) * served, served);
  return pageAnswer(request, page, instance.announcedTotalCount ?? instance.tasks.count(request.nowMs), 'Tasks', tasks);
};
