import type { Snapshot } from '../collector/snapshot.js';

/** Where the HTTP server gets the snapshot a scrape serves; one implementation per collection mode. */
export interface SnapshotSource {
  /**
   * The snapshot for a scrape now. Scrape mode may start (or join) a collection and waits for it at most
   * scrapeTimeout, then serves `latest()`; interval mode never waits. Never rejects; undefined before any
   * instance outcome is known.
   */
  forScrape(): Promise<Snapshot | undefined>;
  /** The newest snapshot (instances finished in a collection still running included), without waiting or collecting. */
  latest(): Snapshot | undefined;
  /** Readiness (/-/ready): see readiness.ts. */
  readonly ready: boolean;
  /** Starts background work: both modes collect once at once; interval mode then keeps collecting. */
  start(): void;
  /** Stops background work and waits (bounded by the caller) for a collection in flight. */
  close(): Promise<void>;
}

/** The part of Collection the schedulers use. */
export interface SnapshotProducer {
  run(): Promise<Snapshot>;
  /** The newest snapshot, published as each instance finishes. */
  readonly latest: Snapshot | undefined;
  /** True once the first run has finished. */
  readonly attempted: boolean;
  /** Epoch ms when the first run started. */
  readonly firstRunStartedAtMs: number | undefined;
}
