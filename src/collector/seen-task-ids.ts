import { LRUCache } from 'lru-cache';
import { ConfigError } from '../errors.js';

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
 * Memory: about 200 bytes per entry (measured on Node.js 20 with a 30-character instance key
 * and a 20-character TaskId: 41 MB for 200,000 entries), plus 24 bytes per slot of the bound
 * that lru-cache allocates up front (4.8 MB at the default bound).
 *
 * The set lives for the whole process: after a restart every finished task listed is counted
 * once more, which Prometheus' rate() sees as a counter reset.
 */

/** Default of collection.seenTaskIdsMax: finished TaskIds remembered, across all instances. */
export const DEFAULT_SEEN_TASK_IDS_MAX = 200_000;

/** Separates instance key and TaskId in a cache key; neither an instance key nor a TaskId contains it. */
const KEY_SEPARATOR = '\u0000';

/** The key that scopes TaskIds to one instance: TaskIds are only documented unique per instance. */
export function instanceKey(region: string, instanceId: string): string {
  return `${region}/${instanceId}`;
}

export class SeenTaskIds {
  private readonly cache: LRUCache<string, true>;

  /** @param max the bound, in finished tasks; default DEFAULT_SEEN_TASK_IDS_MAX. */
  constructor(readonly max: number = DEFAULT_SEEN_TASK_IDS_MAX) {
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new ConfigError('collection.seenTaskIdsMax', `got ${String(max)}, allowed: an integer >= 1`);
    }
    this.cache = new LRUCache<string, true>({ max });
  }

  /**
   * Records the task as seen and says whether it is new (true: count it now). A task already
   * known becomes the most recently seen, so tasks still listed are never the ones evicted.
   */
  markSeen(instance: string, taskId: string): boolean {
    const key = instance + KEY_SEPARATOR + taskId;
    const known = this.cache.has(key);
    this.cache.set(key, true);
    return !known;
  }

  /** Whether the task is remembered; does not change which entry is evicted next. */
  has(instance: string, taskId: string): boolean {
    return this.cache.has(instance + KEY_SEPARATOR + taskId);
  }

  /** Entries held now (at most `max`). */
  get size(): number {
    return this.cache.size;
  }
}
