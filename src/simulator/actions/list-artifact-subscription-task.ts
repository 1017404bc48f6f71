import { readPage } from '../paging.js';
import { isAnswer, requireInstance, pageAnswer, type ActionHandler } from './action-handler.js';

/** ListArtifactSubscriptionTask: the instance's visible tasks, newest first, paged. */
export const listArtifactSubscriptionTask: ActionHandler = (request) => {
  const instance = requireInstance(request);
  if (isAnswer(instance)) return instance;
  const page = readPage(request.query);
  return pageAnswer(request, page, instance.tasks.count(request.nowMs), 'Tasks', instance.tasks.slice(request.nowMs, page.offset, page.pageSize));
};
