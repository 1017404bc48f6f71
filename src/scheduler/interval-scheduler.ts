import type { Clock } from '../clock.js';
import type { Snapshot } from '../collector/snapshot.js';
import type { Logger } from '../logger.js';
import { isReady } from './readiness.js';
import type { SnapshotProducer, SnapshotSource } from './snapshot-source.js';

/**
 * Interval mode: collect at start and then every `interval` in the background; scrapes only read the
 * last snapshot and never wait on the API. A tick that finds the previous collection still running is
 * skipped (no overlap).
 */
export class IntervalScheduler implements SnapshotSource {
  private running: Promise<void> | undefined;
  private stopped = false;
  private skipped = 0;

  constructor(
    private readonly collection: SnapshotProducer,
    private readonly options: {
      intervalMs: number;
      /** Readiness grace while the first collection runs (collection.scrapeTimeout): see readiness.ts. */
      readyGraceMs: number;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  get ready(): boolean {
    return isReady(this.collection, this.options.clock.now(), this.options.readyGraceMs);
  }

  /** Ticks skipped because a collection was still running. */
  get skippedTicks(): number {
    return this.skipped;
  }

  latest(): Snapshot | undefined {
    return this.collection.latest;
  }

  async forScrape(): Promise<Snapshot | undefined> {
    return this.collection.latest;
  }

  start(): void {
    void this.loop();
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.tick();
      await this.options.clock.sleep(this.options.intervalMs);
    }
  }

  private tick(): void {
    if (this.running) {
      this.skipped += 1;
      this.options.logger.warn({ intervalMs: this.options.intervalMs }, 'previous collection still running; skipping this interval');
      return;
    }
    this.running = this.collection
      .run()
      .then(
        () => undefined,
        (error: unknown) => this.options.logger.error({ err: error }, 'collection failed unexpectedly; serving the last snapshot'),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
