import type { Clock } from '../clock.js';

/** Defaults and bounds: api.requestsPerSecond and api.burst in src/config/schema.ts. */
export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate), > 0; a function for a rate that changes (adaptive-rate.ts), read at every refill. */
  ratePerSecond: number | (() => number);
  /** Bucket size: tokens available after a quiet period, >= 1. */
  burst: number;
  /** Time source and sleeper. */
  clock: Clock;
}

/**
 * A token bucket that lets the balance go negative: a caller that finds no token takes one on
 * credit and sleeps until the bucket has refilled its debt. Callers are served in arrival order
 * and N calls from a full bucket take at least (N - burst) / rate seconds.
 */
export class TokenBucket {
  private readonly ratePerSecond: () => number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private refilledAt: number;

  constructor(options: TokenBucketOptions) {
    const { ratePerSecond, burst } = options;
    this.ratePerSecond = typeof ratePerSecond === 'function' ? ratePerSecond : () => ratePerSecond;
    this.burst = burst;
    this.clock = options.clock;
    this.tokens = burst;
    this.refilledAt = options.clock.now();
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const ratePerMs = this.ratePerSecond() / 1000;
    this.refill(ratePerMs);
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep(-this.tokens / ratePerMs);
  }

  private refill(ratePerMs: number): void {
    const now = this.clock.now();
    // A clock that steps backwards (wall clock adjusted) adds nothing rather than draining.
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * ratePerMs);
    this.refilledAt = now;
  }
}
