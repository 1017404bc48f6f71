import type { Clock } from '../../src/clock.js';
import type { Snapshot } from '../../src/collector/snapshot.js';
import type { SnapshotProducer } from '../../src/scheduler/snapshot-source.js';

/** A collection whose runs the test finishes by hand, counting how many were started. */
export class FakeCollection implements SnapshotProducer {
  started = 0;
  latest: Snapshot | undefined;
  attempted = false;
  firstRunStartedAtMs: number | undefined;
  private pending: { resolve: (s: Snapshot) => void; reject: (e: unknown) => void }[] = [];

  /** @param clock stamps the first run's start (readiness); without one it stays undefined. */
  constructor(private readonly clock?: Clock) {}

  run(): Promise<Snapshot> {
    this.started += 1;
    this.firstRunStartedAtMs ??= this.clock?.now();
    return new Promise<Snapshot>((resolve, reject) => this.pending.push({ resolve, reject })).then(
      (snapshot) => {
        this.latest = snapshot;
        this.attempted = true;
        return snapshot;
      },
      (error: unknown) => {
        this.attempted = true;
        throw error;
      },
    );
  }

  get inFlight(): number {
    return this.pending.length;
  }

  /** Finishes the oldest run in flight with a snapshot taken at `takenAtMs`. */
  finish(takenAtMs: number): Snapshot {
    const snapshot: Snapshot = { takenAtMs, instances: [], shard: { index: 0, total: 1 } };
    const run = this.pending.shift();
    if (!run) throw new Error('no run in flight');
    run.resolve(snapshot);
    return snapshot;
  }

  /** Publishes a snapshot while the run stays in flight, as Collection does when one instance finishes. */
  publish(takenAtMs: number): Snapshot {
    const snapshot: Snapshot = { takenAtMs, instances: [], shard: { index: 0, total: 1 } };
    this.latest = snapshot;
    return snapshot;
  }

  fail(error: Error): void {
    const run = this.pending.shift();
    if (!run) throw new Error('no run in flight');
    run.reject(error);
  }
}

/** Lets promise callbacks queued so far run. */
export const flush = () => new Promise((resolve) => setImmediate(resolve));
