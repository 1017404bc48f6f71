import { readPage } from '../paging.js';
import { isAnswer, requireInstance, pageAnswer, type ActionHandler } from './action-handler.js';

/** ListArtifactSubscriptionRule: the instance's rules, paged. */
export const listArtifactSubscriptionRule: ActionHandler = (request) => {
  const instance = requireInstance(request);
  if (isAnswer(instance)) return instance;
  const page = readPage(request.query);
  return pageAnswer(request, page, instance.rules.length, 'Rules', instance.rules.slice(page.offset, page.offset + page.pageSize));
};
