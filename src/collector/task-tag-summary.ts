import type { SubscriptionTaskTagResult } from '../model/task-tag-result.js';
import type { FinishedTask, InstanceTaskSummary, RepositorySummary } from './instance-summary.js';
import { labelValue } from './task-labels.js';
import { SUCCESS_RESULT } from './task-state.js';

/**
 * What is kept of one task's per-tag results (GetArtifactSubscriptionTaskResult): counts by
 * Result and the first failed tag names, never every tag. A finished task never changes, so this
 * is computed once per task and cached (src/scheduler/failed-task-tags.ts).
 */

/** Failed tag names kept per task: what the landing page shows; the rest are counted. */
export const MAX_FAILED_TAG_NAMES = 20;
/** Longest tag name kept (Docker's limit for a tag): API text is cut, never trusted to be short. */
export const MAX_TAG_NAME_CHARS = 128;

export interface TaskTagSummary {
  /** Tags by per-tag Result (label values: trimmed, NONE when empty); sorted by result. */
  byResult: { result: string; count: number }[];
  /** Names of the first MAX_FAILED_TAG_NAMES tags whose Result is not SUCCESS, in the API's order. */
  failedTags: string[];
  /** How many tags did not succeed (failedTags holds at most MAX_FAILED_TAG_NAMES of them). */
  failedTagCount: number;
}

/** The tag results of one repository's newest finished task. */
export interface RepositoryTaskTags {
  namespace: string;
  repository: string;
  tags: TaskTagSummary;
}

/** What an instance snapshot carries about the tags of its failed newest finished tasks. */
export interface InstanceTaskTags {
  /** Repositories whose failed newest finished task has its tag results fetched; sorted by namespace, repository. */
  repositories: RepositoryTaskTags[];
  /** Repositories whose newest finished task did not succeed and whose tag results are not fetched yet. */
  pending: number;
}

/** A repository whose newest finished task did not succeed. */
export type FailedRepository = RepositorySummary & { lastFinished: FinishedTask };

export function summarizeTaskTags(results: readonly SubscriptionTaskTagResult[]): TaskTagSummary {
  const counts = new Map<string, number>();
  const failedTags: string[] = [];
  let failedTagCount = 0;
  for (const tag of results) {
    const result = labelValue(tag.result);
    counts.set(result, (counts.get(result) ?? 0) + 1);
    if (result === SUCCESS_RESULT) continue;
    failedTagCount += 1;
    if (failedTags.length < MAX_FAILED_TAG_NAMES) failedTags.push(tag.tag.slice(0, MAX_TAG_NAME_CHARS));
  }
  const byResult = [...counts].map(([result, count]) => ({ result, count })).sort((a, b) => (a.result < b.result ? -1 : a.result > b.result ? 1 : 0));
  return { byResult, failedTags, failedTagCount };
}

/**
 * The repositories whose newest finished task did not succeed (its result, NONE included, is not
 * SUCCESS): the ones whose tag results are worth a call. Those whose newest finished task succeeded
 * are not among them, and cost nothing.
 */
export function repositoriesWithFailedLastTask(tasks: InstanceTaskSummary): FailedRepository[] {
  return tasks.repositories.filter(
    (repository): repository is FailedRepository => repository.lastFinished !== undefined && repository.lastFinished.result !== SUCCESS_RESULT,
  );
}
