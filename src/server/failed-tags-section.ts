import type { InstanceSnapshot } from '../collector/snapshot.js';
import { repositoriesWithFailedLastTask, type FailedRepository, type InstanceTaskTags } from '../collector/task-tag-summary.js';
import { sanitizeApiText } from '../sanitize-api-text.js';
import { escapeHtml } from './escape-html.js';
import { perInstanceTable } from './per-instance-table.js';

/** Most failing repositories listed per instance; the rest are counted. */
export const MAX_FAILED_TAG_ROWS_PER_INSTANCE = 20;

/** What the tags cell says of one repository: its failed tag names, or why there are none to show. */
function failedTagsCell(repository: FailedRepository, taskTags: InstanceTaskTags | undefined): string {
  if (!taskTags) return '<span class="muted">not fetched (collection.taskResultBudget is 0)</span>';
  const fetched = taskTags.repositories.find((entry) => entry.namespace === repository.namespace && entry.repository === repository.repository);
  if (!fetched) return '<span class="muted">not fetched yet</span>';
  const { failedTags, failedTagCount, byResult } = fetched.tags;
  if (failedTagCount === 0) {
    const total = byResult.reduce((sum, entry) => sum + entry.count, 0);
    return `<span class="muted">no failed tag among ${total}</span>`;
  }
  const more = failedTagCount - failedTags.length;
  return `${escapeHtml(failedTags.join(', '))}${more > 0 ? ` <span class="muted">+${more} more</span>` : ''}`;
}

function messageCell(message: string): string {
  const clean = sanitizeApiText(message);
  return clean === '' ? '<span class="muted">no message</span>' : escapeHtml(clean);
}

/**
 * The repositories whose newest finished task did not succeed, with the task's result and Message
 * and the names of its failed tags (GetArtifactSubscriptionTaskResult, src/scheduler/failed-task-tags.ts).
 * Tag names and messages are API text: cleaned (sanitize-api-text.ts) and escaped.
 */
export function failedTagsSection(instances: readonly InstanceSnapshot[]): string {
  return perInstanceTable<FailedRepository>(instances, {
    itemsOf: (instance) => repositoriesWithFailedLastTask(instance.tasks),
    row: (instance, repository) =>
      `<tr><td class="id">${escapeHtml(instance.instanceId)}</td><td>${escapeHtml(`${repository.namespace}/${repository.repository}`)}</td><td class="failed">${escapeHtml(
        repository.lastFinished.result,
      )}</td><td>${messageCell(repository.lastFinished.message)}</td><td>${failedTagsCell(repository, instance.lastTaskTags)}</td></tr>`,
    maxRowsPerInstance: MAX_FAILED_TAG_ROWS_PER_INSTANCE,
    intro: 'Repositories whose newest finished task did not succeed: its message and the tags that failed.',
    headers: ['Instance', 'Repository', 'Result', 'Message', 'Failed tags'],
    noneText: 'Every repository’s newest finished task succeeded.',
  });
}
