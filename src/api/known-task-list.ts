import type { InvalidTaskReason, SubscriptionTask } from '../model/subscription-task.js';
import { LruNumberSet } from '../structures/lru-number-set.js';
import { taskIdHash } from '../structures/task-id-hash.js';
import { StringInterner } from './string-interner.js';
import type { SubscriptionTaskPageRead } from './task-page-read.js';

/**
 * Fewest tasks whose StartTime order counts as evidence that the API lists newest first: a list
 * in an order unrelated to time comes out sorted by chance with probability 1/n!, 2.5e-5 for 8
 * tasks. Shorter lists are listed in full (one or two pages: nothing to save).
 */
export const MIN_VERIFIED_TASKS = 8;

/** No tasks with problems: shared, so that a clean task costs no array. */
const NO_PROBLEMS: readonly InvalidTaskReason[] = [];

/**
 * An instance's task list as its last good listing left it, kept between collections so that the
 * next one reads only what changed. It exists only for a list VERIFIED newest first (see
 * `knownTaskListFromPages`): every entry a task with a StartTime, StartTimes non-increasing
 * along the list, at least MIN_VERIFIED_TASKS tasks. Strings are interned; the TaskIds are also
 * held as 53-bit hashes off the heap for "is this task known?".
 */
export class KnownTaskList {
  private constructor(
    /** Tasks in list order: index 0 is the head (the newest). */
    readonly tasks: readonly SubscriptionTask[],
    /** The problems of the tasks that have some, by TaskId. */
    private readonly problems: ReadonlyMap<string, readonly InvalidTaskReason[]>,
    private readonly known: LruNumberSet,
    private readonly interner: StringInterner,
    /** PageSize the list was read with: positions are counted in pages of it. */
    readonly pageSize: number,
    readonly instanceId: string,
  ) {}

  /**
   * A verified list from `entries` (list order, no repeats), or why it is not verified. The
   * interner is shared with the list this one replaces, so strings already held are not copied.
   */
  static verify(
    entries: readonly { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[],
    settings: { pageSize: number; instanceId: string; interner?: StringInterner },
  ): KnownTaskList | { unverified: string } {
    if (entries.length < MIN_VERIFIED_TASKS) return { unverified: 'too_few_tasks' };
    let previousStartMs = Number.POSITIVE_INFINITY;
    for (const { task } of entries) {
      if (task.startTimeMs === undefined) return { unverified: 'start_time_missing' };
      if (task.startTimeMs > previousStartMs) return { unverified: 'not_newest_first' };
      previousStartMs = task.startTimeMs;
    }
    const interner = settings.interner ?? new StringInterner();
    const known = new LruNumberSet(Number.MAX_SAFE_INTEGER);
    const problems = new Map<string, readonly InvalidTaskReason[]>();
    const tasks = entries.map(({ task, invalid }) => {
      known.add(taskIdHash(settings.instanceId, task.taskId));
      if (invalid.length > 0) problems.set(task.taskId, invalid);
      return internTask(task, interner);
    });
    return new KnownTaskList(tasks, problems, known, interner, settings.pageSize, settings.instanceId);
  }

  get length(): number {
    return this.tasks.length;
  }

  /** True when a task with this TaskId is in the list (a hash collision, about n / 2^53, says true: the caller then lists in full). */
  has(taskId: string): boolean {
    return this.known.has(taskIdHash(this.instanceId, taskId));
  }

  /** The problems the API's entry of this task had when last read. */
  problemsOf(taskId: string): readonly InvalidTaskReason[] {
    return this.problems.get(taskId) ?? NO_PROBLEMS;
  }

  /** The interner of this list, to share with the list that replaces it. */
  get strings(): StringInterner {
    return this.interner;
  }
}

/**
 * The known list from a complete full listing's pages (PageNo 1..n, in order, as the API sent
 * them), or why none can be kept. A full listing describes the list as it was when page 1 was
 * read only when nothing but insertions at the head happened while it paged: each insertion then
 * raised TotalCount by one and repeated one entry at a page boundary. So: TotalCount on every
 * page, every page but the last full, the entries left after dropping repeats exactly page 1's
 * TotalCount, and the later TotalCount higher by exactly the repeats. Then the order (see
 * KnownTaskList.verify).
 */
export function knownTaskListFromPages(
  pages: readonly SubscriptionTaskPageRead[],
  settings: { pageSize: number; instanceId: string },
): KnownTaskList | { unverified: string } {
  const first = pages[0];
  const last = pages[pages.length - 1];
  if (first === undefined || last === undefined) return { unverified: 'too_few_tasks' };
  if (pages.some((page) => page.totalCount === undefined)) return { unverified: 'total_count_missing' };
  if (pages.some((page, index) => page.pageNo !== index + 1)) return { unverified: 'pages_out_of_order' };
  if (pages.slice(0, -1).some((page) => page.entries.length !== settings.pageSize)) return { unverified: 'short_page' };
  const seen = new Set<string>();
  const entries: { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[] = [];
  let repeats = 0;
  for (const page of pages) {
    for (const entry of page.entries) {
      if (entry.task === undefined) return { unverified: 'invalid_entry' };
      if (seen.has(entry.task.taskId)) {
        repeats += 1;
        continue;
      }
      seen.add(entry.task.taskId);
      entries.push({ task: entry.task, invalid: entry.invalid });
    }
  }
  const firstTotal = first.totalCount as number;
  const lastTotal = last.totalCount as number;
  if (entries.length !== firstTotal || lastTotal - firstTotal !== repeats) return { unverified: 'total_count_changed' };
  return KnownTaskList.verify(entries, settings);
}

function internTask(task: SubscriptionTask, interner: StringInterner): SubscriptionTask {
  const s = (value: string): string => interner.intern(value);
  return {
    taskId: task.taskId,
    instanceId: s(task.instanceId),
    taskStatus: s(task.taskStatus),
    taskResult: s(task.taskResult),
    taskType: s(task.taskType),
    startTimeMs: task.startTimeMs,
    endTimeMs: task.endTimeMs,
    artifactType: s(task.artifactType),
    sourceProvider: s(task.sourceProvider),
    sourceRepoType: s(task.sourceRepoType),
    sourceNamespaceName: s(task.sourceNamespaceName),
    sourceRepoName: s(task.sourceRepoName),
    namespaceName: s(task.namespaceName),
    repoName: s(task.repoName),
    tagTotalCount: task.tagTotalCount,
    tagSubscriptionCount: task.tagSubscriptionCount,
    message: s(task.message),
  };
}
