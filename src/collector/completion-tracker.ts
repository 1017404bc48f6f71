import { LruNumberSet } from '../structures/lru-number-set.js';
import { taskIdHash } from '../structures/task-id-hash.js';

/**
 * Decides which finished tasks acr_subscription_tasks_completed_total and the duration histogram
 * count, so that each task is counted once, when it finishes, and never for having been listed.
 *
 * The rules, per instance (instance key = targetKey):
 * - The first listing of an instance that completes is its BASELINE. Tasks already finished in it
 *   finished before the exporter looked: they are remembered, not counted. (A listing that fails
 *   half way leaves the instance in baseline: the next listing is a baseline again.) An exporter
 *   restart, or an instance that comes back after it was forgotten, starts a new baseline.
 * - A task seen in progress (in any listing, baseline included) is remembered as pending and is
 *   counted the first time it is seen finished.
 * - After the baseline, a finished task never seen before is counted: it started and finished
 *   between two listings.
 * - A task is counted at most once in the process's life. The memory is bounded
 *   (collection.seenTaskIdsMax finished tasks, and as many pending ones): once it has had to
 *   forget, a finished task it does not know may be one it forgot, so such a task is counted only
 *   if its StartTime is after the newest StartTime of the instance's previous complete listing
 *   (it cannot have been listed before). Forgetting can therefore lose a count, never add one.
 *
 * Memory: a remembered task is a 53-bit hash of (instance key, TaskId) (task-id-hash.ts) in typed
 * arrays outside the JavaScript heap (lru-number-set.ts), about 26 bytes per entry, allocated as
 * entries arrive. Two tasks whose hashes collide count as one: with n entries held, a new task
 * does with probability n / 2^53.
 */
export class CompletionTracker {
  /** Finished tasks already accounted for: counted, or finished in a baseline. */
  private readonly finished: LruNumberSet;
  /** Tasks seen in progress and not counted yet. */
  private readonly pending: LruNumberSet;
  /** Instances whose baseline is done -> the newest StartTime (ms) of their last complete listing. */
  private readonly newestStartByInstance = new Map<string, number>();

  /** @param max finished tasks remembered (collection.seenTaskIdsMax); pending tasks have the same bound. */
  constructor(max: number) {
    this.finished = new LruNumberSet(max);
    this.pending = new LruNumberSet(max);
  }

  /** Starts one listing of an instance; observe every task it yields, then complete() it if it completed. */
  beginListing(instanceKey: string): CompletionListing {
    // -Infinity: the baseline is done but no listed task had a StartTime.
    const previousNewestStartMs = this.newestStartByInstance.get(instanceKey);
    const baseline = previousNewestStartMs === undefined;
    let newestStartMs = Number.NEGATIVE_INFINITY;
    return {
      baseline,
      observe: (taskId, startTimeMs, finished) => {
        if (startTimeMs !== undefined && startTimeMs > newestStartMs) newestStartMs = startTimeMs;
        const hash = taskIdHash(instanceKey, taskId);
        return this.observe(hash, finished, baseline, startTimeMs, previousNewestStartMs);
      },
      complete: () => {
        this.newestStartByInstance.set(instanceKey, Math.max(previousNewestStartMs ?? Number.NEGATIVE_INFINITY, newestStartMs));
      },
    };
  }

  /** Forgets an instance that is no longer collected: if it comes back, it starts with a new baseline. */
  forgetInstance(instanceKey: string): void {
    this.newestStartByInstance.delete(instanceKey);
  }

  /** Finished tasks remembered now. */
  get size(): number {
    return this.finished.size;
  }

  private observe(hash: number, finished: boolean, baseline: boolean, startTimeMs: number | undefined, previousNewestStartMs: number | undefined): boolean {
    if (!finished) {
      if (!this.finished.has(hash)) this.pending.add(hash);
      return false;
    }
    if (!this.finished.add(hash)) return false; // known (and now the most recently listed)
    if (this.pending.delete(hash)) return true; // seen in progress, now finished
    if (baseline) return false;
    const forgetful = this.finished.evictions > 0 || this.pending.evictions > 0;
    const listedBefore = startTimeMs !== undefined && previousNewestStartMs !== undefined && startTimeMs <= previousNewestStartMs;
    return !(forgetful && listedBefore);
  }
}

/** One listing of one instance, as CompletionTracker sees it. */
export interface CompletionListing {
  /** True when this listing is the instance's baseline: finished tasks are remembered, not counted. */
  readonly baseline: boolean;
  /** A listed task; says whether its completion is counted now. */
  observe(taskId: string, startTimeMs: number | undefined, finished: boolean): boolean;
  /** The listing completed (every page read): the baseline, if this was it, is done. */
  complete(): void;
}
