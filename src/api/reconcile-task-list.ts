import type { InvalidTaskReason, SubscriptionTask } from '../model/subscription-task.js';
import type { KnownTaskList } from './known-task-list.js';
import { ListingMismatch } from './listing-mismatch.js';
import type { SubscriptionTaskPageRead, TaskPageReader } from './task-page-read.js';

export interface ReconcileOptions {
  /** Pages read at most while looking for the first known task (collection.maxPages). */
  maxPages: number;
  /** A task that may still change (not finished): its page is read again. */
  mayChange: (task: SubscriptionTask) => boolean;
}

/** The list now: every task in list order with its problems, and what changed. */
export interface ReconciledTaskList {
  entries: { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[];
  /** Tasks found before the first known one. */
  newTasks: number;
  /** Known tasks gone from the tail. */
  vanished: number;
  /** PageNo of every page read, ascending. */
  pagesRead: number[];
}

/**
 * Brings a known list (verified newest first) up to date from as few pages as it can, or throws
 * ListingMismatch when what it reads does not fit. With L the PageSize, N the known tasks and T
 * the TotalCount now:
 * 1. Head: read pages from PageNo 1 until the first known task. It must be the known head, at
 *    position k (k new tasks); the new tasks must be unknown, each with a StartTime, newest first,
 *    none older than the known head.
 * 2. TotalCount: v = k + N - T known tasks left the tail (v >= 0); the known tasks 0..N-v-1 now
 *    sit at positions k..T-1. TotalCount must be the same on every page read.
 * 3. Every page holding a known task that may still change (at its new position) is read, once.
 * 4. Every page read holds exactly the entries T and L say, and each known entry on it is the
 *    known task expected at that position. A task read again replaces the known one.
 * 5. The result is again newest first by StartTime.
 * Pages not read are taken as known: a finished task does not change and the list only grows at
 * the head and shrinks at the tail; a change elsewhere shows when a page holding it is read, or
 * at the next full resync.
 */
export async function reconcileTaskList(known: KnownTaskList, readPage: TaskPageReader, options: ReconcileOptions): Promise<ReconciledTaskList> {
  const pageSize = known.pageSize;
  if (known.length === 0) throw new ListingMismatch('head', 'the known list is empty');
  const head = { taskId: known.taskIdAt(0), startTimeMs: known.startTimeMsAt(0) };
  const pages = new Map<number, SubscriptionTaskPageRead>();
  let totalCount: number | undefined;
  const read = async (pageNo: number): Promise<SubscriptionTaskPageRead> => {
    const already = pages.get(pageNo);
    if (already) return already;
    const page = await readPage(pageNo);
    if (page.totalCount === undefined) throw new ListingMismatch('total_count', `page ${pageNo} has no TotalCount`);
    if (totalCount !== undefined && page.totalCount !== totalCount) {
      throw new ListingMismatch('total_count', `TotalCount ${page.totalCount} on page ${pageNo}, ${totalCount} before in this collection`);
    }
    totalCount = page.totalCount;
    pages.set(pageNo, page);
    return page;
  };

  // 1. The head, up to the first known task.
  const newEntries: { task: SubscriptionTask; invalid: readonly InvalidTaskReason[] }[] = [];
  let k: number | undefined;
  for (let pageNo = 1; k === undefined; pageNo += 1) {
    if (pageNo > options.maxPages) throw new ListingMismatch('head', `no known task in the first ${options.maxPages} pages`);
    const page = await read(pageNo);
    for (const [index, entry] of page.entries.entries()) {
      const task = entry.task;
      if (task === undefined) throw new ListingMismatch('invalid_entry', `an entry without TaskId at position ${position(pageNo, index, pageSize)}`);
      if (task.taskId === head.taskId) {
        k = position(pageNo, index, pageSize);
        break;
      }
      if (known.has(task.taskId)) throw new ListingMismatch('position', `known task ${task.taskId} before the known head ${head.taskId}`);
      const newer = newEntries[newEntries.length - 1]?.task.startTimeMs ?? Number.POSITIVE_INFINITY;
      if (task.startTimeMs === undefined || task.startTimeMs > newer || task.startTimeMs < head.startTimeMs) {
        throw new ListingMismatch('order', `new task ${task.taskId} is not newest first`);
      }
      newEntries.push({ task, invalid: entry.invalid });
    }
    if (k === undefined && page.entries.length < pageSize) throw new ListingMismatch('head', `the known head ${head.taskId} is gone`);
  }

  // 2. TotalCount: what left the tail.
  const total = totalCount as number;
  const vanished = k + known.length - total;
  const kept = known.length - vanished;
  if (vanished < 0 || kept < 1) throw new ListingMismatch('total_count', `TotalCount ${total} with ${k} new and ${known.length} known tasks`);

  // 3. The pages of the tasks that may still change, each once.
  const wanted = new Set<number>();
  for (let j = 0; j < kept; j += 1) {
    if (options.mayChange(known.taskAt(j))) wanted.add(Math.floor((j + k) / pageSize) + 1);
  }
  for (const pageNo of [...wanted].sort((a, b) => a - b)) await read(pageNo);

  // 4. Every page read fits: its length, and each known task where expected.
  for (const page of pages.values()) {
    const expectedLength = Math.min(pageSize, Math.max(0, total - (page.pageNo - 1) * pageSize));
    if (page.entries.length !== expectedLength) {
      throw new ListingMismatch('page_length', `page ${page.pageNo} holds ${page.entries.length} entries, expected ${expectedLength}`);
    }
    for (const [index, entry] of page.entries.entries()) {
      const at = position(page.pageNo, index, pageSize);
      if (at < k) continue;
      const expected = known.taskIdAt(at - k);
      if (entry.task?.taskId !== expected) {
        throw new ListingMismatch('position', `position ${at} holds ${entry.task?.taskId ?? 'an entry without TaskId'}, expected ${expected}`);
      }
    }
  }

  // 5. The list now, newest first.
  const entries = [...newEntries];
  let previousStartMs = newEntries[newEntries.length - 1]?.task.startTimeMs ?? Number.POSITIVE_INFINITY;
  for (let j = 0; j < kept; j += 1) {
    const at = j + k;
    const page = pages.get(Math.floor(at / pageSize) + 1);
    const reread = page?.entries[at % pageSize];
    const task = reread?.task ?? known.taskAt(j);
    if (task.startTimeMs === undefined || task.startTimeMs > previousStartMs) throw new ListingMismatch('order', `task ${task.taskId} is out of StartTime order`);
    previousStartMs = task.startTimeMs;
    entries.push({ task, invalid: reread ? reread.invalid : known.problemsOf(task.taskId) });
  }
  return { entries, newTasks: k, vanished, pagesRead: [...pages.keys()].sort((a, b) => a - b) };
}

function position(pageNo: number, index: number, pageSize: number): number {
  return (pageNo - 1) * pageSize + index;
}
