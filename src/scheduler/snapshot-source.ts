import type { CollectionSnapshot } from '../collector/snapshot.js';

/** Where the HTTP server gets the snapshot a scrape serves; one implementation per collection mode. */
export interface SnapshotSource {
  /**
   * The snapshot for a scrape now. Scrape mode may start (or join) a collection and waits for it at most
   * scrapeTimeout; interval mode never waits. Never rejects; undefined before any collection completed.
   */
  forScrape(): Promise<CollectionSnapshot | undefined>;
  /** The last completed snapshot, without waiting or collecting. */
  latest(): CollectionSnapshot | undefined;
  /** True once the first collection attempt has finished (readiness). */
  readonly ready: boolean;
  /** Starts background work: both modes collect once at once; interval mode then keeps collecting. */
  start(): void;
  /** Stops background work and waits (bounded by the caller) for a collection in flight. */
  close(): Promise<void>;
}

/** The part of Collection the schedulers use. */
export interface CollectionRunner {
  run(): Promise<CollectionSnapshot>;
  readonly latest: CollectionSnapshot | undefined;
  readonly attempted: boolean;
}
