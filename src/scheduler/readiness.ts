import type { SnapshotProducer } from './snapshot-source.js';

/**
 * /-/ready: whether a scrape now is answered with instance data without waiting longer than a timed-out
 * scrape would. True once the first collection has finished; or, when an instance hangs, once `graceMs`
 * (collection.scrapeTimeout) has passed since the first collection started and at least one instance has
 * finished: a scrape then serves the instances done so far, so waiting for the slowest one would only keep
 * the others' data from Prometheus. Stays true afterwards (later failures are metrics, not unreadiness).
 */
export function isReady(collection: SnapshotProducer, nowMs: number, graceMs: number): boolean {
  if (collection.attempted) return true;
  const startedAtMs = collection.firstRunStartedAtMs;
  return collection.latest !== undefined && startedAtMs !== undefined && nowMs - startedAtMs >= graceMs;
}
