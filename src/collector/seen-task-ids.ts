import { ConfigError } from '../errors.js';
import { LruNumberSet } from '../api/lru-number-set.js';
import { taskIdHash } from '../api/task-id-hash.js';

/**
 * Finished TaskIds already counted, so that acr_subscription_tasks_completed_total and the
 * duration histogram see each task once although the API lists it again on every collection.
 *
 * The bound (collection.seenTaskIdsMax) is a number of finished tasks, summed over all
 * instances this process collects. Every collection refreshes the entries of the finished tasks
 * it lists, so only tasks the API no longer lists age out. If the instances together list more
 * finished tasks than the bound, the least recently listed are evicted and counted AGAIN on the
 * next collection (the counters over-count, every collection): the bound must exceed the number
 * of finished tasks listed across all instances, with room for growth.
 *
 * Memory: an entry is a 53-bit hash of (instance key, TaskId) (api/task-id-hash.ts), not the
 * strings, held in typed arrays outside the JavaScript heap (api/lru-number-set.ts): about 26 bytes
 * per entry, 5 MB at the default bound, allocated as entries arrive. (Keyed by the strings in an
 * lru-cache, an entry took about 200 bytes of heap, 41 MB at the default bound; the garbage
 * collector let the heap grow to a multiple of that during a large collection.) Two tasks whose
 * hashes collide count as one: with n entries held, a new task does with probability n / 2^53.
 *
 * The set lives for the whole process: after a restart every finished task listed is counted
 * once more, which Prometheus' rate() sees as a counter reset.
 */

/** Default of collection.seenTaskIdsMax: finished TaskIds remembered, across all instances. */
export const DEFAULT_SEEN_TASK_IDS_MAX = 200_000;

export class SeenTaskIds {
  private readonly hashes: LruNumberSet;

  /** @param max the bound, in finished tasks; default DEFAULT_SEEN_TASK_IDS_MAX. */
  constructor(readonly max: number = DEFAULT_SEEN_TASK_IDS_MAX) {
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new ConfigError('collection.seenTaskIdsMax', `got ${String(max)}, allowed: an integer >= 1`);
    }
    this.hashes = new LruNumberSet(max);
  }

  /**
   * Records the task as seen and says whether it is new (true: count it now). A task already
   * known becomes the most recently seen, so tasks still listed are never the ones evicted.
   */
  markSeen(instance: string, taskId: string): boolean {
    return this.hashes.add(taskIdHash(instance, taskId));
  }

  /** Whether the task is remembered; does not change which entry is evicted next. */
  has(instance: string, taskId: string): boolean {
    return this.hashes.has(taskIdHash(instance, taskId));
  }

  /** Entries held now (at most `max`). */
  get size(): number {
    return this.hashes.size;
  }
}
