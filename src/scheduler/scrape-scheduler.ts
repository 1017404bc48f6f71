import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Snapshot } from '../collector/snapshot.js';
import type { Logger } from '../logger.js';
import { isReady } from './readiness.js';
import type { SnapshotProducer, SnapshotSource } from './snapshot-source.js';

const SNAPSHOT_KEY = 'snapshot';
/** lru-cache treats ttl 0 as "forever"; cacheTtl 0 means "collect on every scrape", so use the smallest real ttl. */
const MIN_TTL_MS = 1;

/**
 * Scrape mode: a scrape triggers a collection unless the last one is younger than cacheTtl.
 * lru-cache's fetch() makes concurrent scrapes share the one collection in flight (single flight),
 * so parallel scrapes and several Prometheus replicas never multiply API calls. A scrape waits for a
 * collection at most scrapeTimeout, then gets the newest snapshot (the instances this collection has
 * finished, the last state of the others) while the collection finishes in the background and fills
 * the cache for the next scrape.
 */
export class ScrapeScheduler implements SnapshotSource {
  private readonly cache: LRUCache<typeof SNAPSHOT_KEY, Snapshot>;
  private inFlight: Promise<unknown> | undefined;
  /** Resolves on close(), so that scrapes waiting for a collection are answered at once on shutdown. */
  private readonly closing: Promise<undefined>;
  private signalClosing: () => void = () => {};

  constructor(
    private readonly collection: SnapshotProducer,
    private readonly options: { cacheTtlMs: number; scrapeTimeoutMs: number; clock: Clock; logger: Logger },
  ) {
    this.cache = new LRUCache<typeof SNAPSHOT_KEY, Snapshot>({
      max: 1,
      ttl: Math.max(MIN_TTL_MS, options.cacheTtlMs),
      perf: { now: () => options.clock.now() },
      // Read the clock on every check: lru-cache otherwise memoises "now" for ttlResolution ms of real time.
      ttlResolution: 0,
      fetchMethod: () => this.collect(),
    });
    this.closing = new Promise((resolve) => {
      this.signalClosing = () => resolve(undefined);
    });
  }

  get ready(): boolean {
    return isReady(this.collection, this.options.clock.now(), this.options.scrapeTimeoutMs);
  }

  latest(): Snapshot | undefined {
    return this.collection.latest;
  }

  /**
   * Collects once at start, so that /-/ready turns 200 without waiting for a first scrape (a
   * readiness-gated Service would otherwise never be scraped), and the first scrape finds a warm cache.
   */
  start(): void {
    void this.cache.fetch(SNAPSHOT_KEY).catch(() => undefined);
  }

  async forScrape(): Promise<Snapshot | undefined> {
    const fetching = this.cache.fetch(SNAPSHOT_KEY).catch(() => undefined);
    const timedOut = this.options.clock.sleep(this.options.scrapeTimeoutMs).then(() => undefined);
    const fresh = await Promise.race([fetching, timedOut, this.closing]);
    return fresh ?? this.collection.latest;
  }

  async close(): Promise<void> {
    this.signalClosing();
    await this.inFlight;
  }

  private async collect(): Promise<Snapshot> {
    const running = this.collection.run();
    this.inFlight = running.catch(() => undefined);
    try {
      return await running;
    } catch (error) {
      this.options.logger.error({ err: error }, 'collection failed unexpectedly; serving the last snapshot');
      throw error;
    }
  }
}
