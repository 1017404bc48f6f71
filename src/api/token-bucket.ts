import type { Clock } from '../clock.js';

/** One request per 100 ms on average: polite for an account-wide quota nobody publishes. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
/** After a quiet second, this many requests may go at once. */
export const DEFAULT_BURST = 10;

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). Must be > 0. @default DEFAULT_REQUESTS_PER_SECOND (10) */
  ratePerSecond?: number;
  /** Bucket size: tokens available after a quiet period. Must be >= 1. @default DEFAULT_BURST (10) */
  burst?: number;
  /** Time source and sleeper. */
  clock: Clock;
}

/**
 * A token bucket that lets the balance go negative: a caller that finds no token takes one on
 * credit and sleeps until the bucket has refilled its debt. Callers are served in arrival order
 * and N calls from a full bucket take at least (N - burst) / rate seconds.
 */
export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private refilledAt: number;

  constructor(options: TokenBucketOptions) {
    const ratePerSecond = options.ratePerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    const burst = options.burst ?? DEFAULT_BURST;
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`burst must be >= 1, got ${burst}`);
    this.ratePerMs = ratePerSecond / 1000;
    this.burst = burst;
    this.clock = options.clock;
    this.tokens = burst;
    this.refilledAt = options.clock.now();
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep(-this.tokens / this.ratePerMs);
  }

  private refill(): void {
    const now = this.clock.now();
    // A clock that steps backwards (wall clock adjusted) adds nothing rather than draining.
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerMs);
    this.refilledAt = now;
  }
}
