import type { InvalidTaskReason, SubscriptionTask } from '../model/subscription-task.js';

/** One entry of a ListArtifactSubscriptionTask page as parsed: the task (undefined when rejected) and its problems. */
export interface TaskEntry {
  task: SubscriptionTask | undefined;
  invalid: readonly InvalidTaskReason[];
}

/**
 * One page of ListArtifactSubscriptionTask as the API sent it, parsed but not deduplicated:
 * entry i sits at list position (pageNo - 1) * pageSize + i for the PageSize asked for.
 */
export interface SubscriptionTaskPageRead {
  pageNo: number;
  entries: TaskEntry[];
  /** TotalCount of this response; undefined when absent or not a number. */
  totalCount: number | undefined;
  /** PageSize the API says it used, when it says. */
  pageSize: number | undefined;
}

/** Reads one page by PageNo; what a listing is made of (AcrClient.readSubscriptionTaskPage, or a reader that reuses pages). */
export type TaskPageReader = (pageNo: number) => Promise<SubscriptionTaskPageRead>;
