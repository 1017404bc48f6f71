import type { Snapshot } from '../collector/snapshot.js';
import type { SnapshotSource } from './snapshot-source.js';

/**
 * The SnapshotSource the server asks, whose scheduler a configuration reload replaces (the collection
 * mode or its timings may change). The schedulers share one Collection, so the snapshot, readiness and
 * every counter carry over; only the timing of the next collection changes.
 */
export class ReloadableSnapshotSource implements SnapshotSource {
  /** Replaced schedulers still closing (waiting for their collection in flight). */
  private readonly retiring = new Set<Promise<void>>();

  constructor(private current: SnapshotSource) {}

  get ready(): boolean {
    return this.current.ready;
  }

  forScrape(): Promise<Snapshot | undefined> {
    return this.current.forScrape();
  }

  latest(): Snapshot | undefined {
    return this.current.latest();
  }

  start(): void {
    this.current.start();
  }

  /**
   * Makes `next` the source and starts it (both modes collect at once, with the new settings, after any
   * collection in progress). The previous scheduler is closed: scrapes waiting on it are answered with
   * the newest snapshot at once.
   */
  replace(next: SnapshotSource): void {
    const previous = this.current;
    this.current = next;
    const closing = previous.close().finally(() => this.retiring.delete(closing));
    this.retiring.add(closing);
    next.start();
  }

  async close(): Promise<void> {
    await Promise.all([this.current.close(), ...this.retiring]);
  }
}
