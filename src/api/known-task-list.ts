import type { InvalidTaskReason, SubscriptionTask } from '../model/subscription-task.js';
import { LruNumberSet } from '../structures/lru-number-set.js';
import { taskIdHash } from '../structures/task-id-hash.js';
import { CompactTasks, StringTable } from './compact-tasks.js';
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
 * along the list, at least MIN_VERIFIED_TASKS tasks. The tasks are stored by column
 * (compact-tasks.ts); the TaskIds are also held as 53-bit hashes off the heap for "is this task known?".
 */
export class KnownTaskList {
  private constructor(
    /** Tasks in list order: index 0 is the head (the newest). */
    private readonly tasks: CompactTasks,
    /** The problems of the tasks that have some, by TaskId. */
    private readonly problems: ReadonlyMap<string, readonly InvalidTaskReason[]>,
    private readonly known: LruNumberSet,
    private readonly table: StringTable,
    /** PageSize the list was read with: positions are counted in pages of it. */
    readonly pageSize: number,
    readonly instanceId: string,
  ) {}

  /**
   * A verified list from `entries` (list order, no repeats), or why it is not verified. The
   * string table is shared with the list this one replaces, so strings already held are not copied.
   */
  static verify(
    entries: readonly { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[],
    settings: { pageSize: number; instanceId: string; table?: StringTable },
  ): KnownTaskList | { unverified: string } {
    if (entries.length < MIN_VERIFIED_TASKS) return { unverified: 'too_few_tasks' };
    let previousStartMs = Number.POSITIVE_INFINITY;
    for (const { task } of entries) {
      if (task.startTimeMs === undefined) return { unverified: 'start_time_missing' };
      if (task.startTimeMs > previousStartMs) return { unverified: 'not_newest_first' };
      previousStartMs = task.startTimeMs;
    }
    const table = settings.table ?? new StringTable();
    const known = new LruNumberSet(Number.MAX_SAFE_INTEGER);
    const problems = new Map<string, readonly InvalidTaskReason[]>();
    for (const { task, invalid } of entries) {
      known.add(taskIdHash(settings.instanceId, task.taskId));
      if (invalid.length > 0) problems.set(task.taskId, invalid);
    }
    const tasks = new CompactTasks(
      entries.map((entry) => entry.task),
      table,
    );
    return new KnownTaskList(tasks, problems, known, table, settings.pageSize, settings.instanceId);
  }

  get length(): number {
    return this.tasks.length;
  }

  /** The task at position i (0 is the head), made anew from what is stored. */
  taskAt(i: number): SubscriptionTask {
    return this.tasks.taskAt(i);
  }

  taskIdAt(i: number): string {
    return this.tasks.taskIdAt(i);
  }

  /** StartTime of the task at position i (every task of a verified list has one). */
  startTimeMsAt(i: number): number {
    return this.tasks.startTimeMsAt(i) as number;
  }

  /** True when a task with this TaskId is in the list (a hash collision, about n / 2^53, says true: the caller then lists in full). */
  has(taskId: string): boolean {
    return this.known.has(taskIdHash(this.instanceId, taskId));
  }

  /** The problems the API's entry of this task had when last read. */
  problemsOf(taskId: string): readonly InvalidTaskReason[] {
    return this.problems.get(taskId) ?? NO_PROBLEMS;
  }

  /** The string table of this list, to share with the list that replaces it. */
  get strings(): StringTable {
    return this.table;
  }
}

/** Why no list is kept when collection.knownTasksMax would be passed (not a verdict on the order). */
export const KNOWN_TASKS_MAX_REACHED = 'known_tasks_max';

/**
 * Builds the known list from a full listing's pages as they are read (PageNo 1..n, in order, as
 * the API sent them), holding only what it keeps: once the listing cannot be verified it drops
 * everything and only says why. A full listing describes the list as it was when page 1 was read
 * only when nothing but insertions at the head happened while it paged: each insertion then raised
 * TotalCount by one and repeated one entry at a page boundary. So: TotalCount on every page, every
 * page but the last full, the entries left after dropping repeats exactly page 1's TotalCount, and
 * the last TotalCount higher by exactly the repeats. Then the order (see KnownTaskList.verify),
 * checked as the pages come.
 */
export class KnownTaskListBuilder {
  private readonly entries: { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[] = [];
  private readonly seen = new Set<string>();
  private unverified: string | undefined;
  private pages = 0;
  private repeats = 0;
  private firstTotal: number | undefined;
  private lastTotal: number | undefined;
  private lastPageLength = 0;
  private previousStartMs = Number.POSITIVE_INFINITY;

  /**
   * @param settings.maxTasks tasks it may keep (what collection.knownTasksMax leaves for this instance):
   * past it the list is given up at once (KNOWN_TASKS_MAX_REACHED), so memory never grows beyond it.
   * @default unbounded
   */
  constructor(private readonly settings: { pageSize: number; instanceId: string; maxTasks?: number }) {}

  add(page: SubscriptionTaskPageRead): void {
    if (this.unverified !== undefined) return;
    this.pages += 1;
    if (page.pageNo !== this.pages) return this.reject('pages_out_of_order');
    if (page.totalCount === undefined) return this.reject('total_count_missing');
    if (this.pages > 1 && this.lastPageLength !== this.settings.pageSize) return this.reject('short_page');
    this.firstTotal ??= page.totalCount;
    this.lastTotal = page.totalCount;
    this.lastPageLength = page.entries.length;
    for (const entry of page.entries) {
      const task = entry.task;
      if (task === undefined) return this.reject('invalid_entry');
      if (this.seen.has(task.taskId)) {
        this.repeats += 1;
        continue;
      }
      if (task.startTimeMs === undefined) return this.reject('start_time_missing');
      if (task.startTimeMs > this.previousStartMs) return this.reject('not_newest_first');
      this.previousStartMs = task.startTimeMs;
      this.seen.add(task.taskId);
      this.entries.push({ task, invalid: entry.invalid });
      if (this.entries.length > (this.settings.maxTasks ?? Number.POSITIVE_INFINITY)) return this.reject(KNOWN_TASKS_MAX_REACHED);
    }
  }

  /** The known list, or why none is kept. The builder is spent afterwards. */
  finish(): KnownTaskList | { unverified: string } {
    const verdict = this.verdict();
    this.seen.clear();
    this.entries.length = 0;
    return verdict;
  }

  private verdict(): KnownTaskList | { unverified: string } {
    if (this.unverified !== undefined) return { unverified: this.unverified };
    if (this.firstTotal === undefined || this.lastTotal === undefined) return { unverified: 'too_few_tasks' };
    if (this.entries.length !== this.firstTotal || this.lastTotal - this.firstTotal !== this.repeats) return { unverified: 'total_count_changed' };
    return KnownTaskList.verify(this.entries, { pageSize: this.settings.pageSize, instanceId: this.settings.instanceId });
  }

  private reject(why: string): void {
    this.unverified = why;
    this.entries.length = 0;
    this.seen.clear();
  }
}

/** The known list from a complete full listing's pages, or why none can be kept (KnownTaskListBuilder over all of them). */
export function knownTaskListFromPages(
  pages: readonly SubscriptionTaskPageRead[],
  settings: { pageSize: number; instanceId: string },
): KnownTaskList | { unverified: string } {
  const builder = new KnownTaskListBuilder(settings);
  for (const page of pages) builder.add(page);
  return builder.finish();
}
