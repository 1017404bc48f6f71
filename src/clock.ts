/**
 * Time, injected: production code asks a Clock for the time and for waits, so tests drive it
 * with a ManualClock instead of sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. Never keeps the process alive. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, Math.max(0, ms)).unref();
    }),
};

/** A clock that only moves when told to; sleepers wake as `advance` passes their deadline. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { until: number; wake: () => void }[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.sleepers.push({ until: this.current + ms, wake: resolve });
    });
  }

  /** Moves time forward by `ms`, waking every sleeper whose deadline has passed, in deadline order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.sleepers.sort((a, b) => a.until - b.until);
      const next = this.sleepers[0];
      if (!next || next.until > target) break;
      this.sleepers.shift();
      this.current = next.until;
      next.wake();
      // Let the woken code run (and perhaps sleep again) before moving on.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }

  /** How many sleepers are waiting; lets tests wait for code to reach a sleep. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }
}
