import type { ApiError, RetryDecision } from '../errors.js';

/**
 * The policy's settings; their defaults and bounds are api.retry.* in src/config/schema.ts, which
 * validated them (an integer >= 1, durations >= 0).
 */
export interface RetryPolicyOptions {
  /** Attempts per call, including the first (1 = never retry). */
  maxAttempts: number;
  /** Backoff ceiling before the first retry; the ceiling doubles per retry. */
  initialBackoffMs: number;
  /** Upper bound of the backoff ceiling (a server's retry-after may still ask for longer). */
  maxBackoffMs: number;
  /** Bound on a call's total time, measured from its first attempt. */
  maxElapsedMs: number;
  /** Uniform in [0, 1); injectable so tests choose the jitter. @default Math.random */
  random?: () => number;
}

/** What to do after a failed attempt: wait `delayMs` and retry, or give up and say why. */
export type RetryPlan =
  | { decision: Extract<RetryDecision, 'retryable'>; delayMs: number }
  | { decision: Extract<RetryDecision, 'fatal'>; reason: 'not-retryable' | 'max-attempts' | 'max-elapsed' };

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * the wait before retry n is uniform in [0, min(maxBackoff, initial * 2^(n-1))), so a fleet of
 * exporters throttled together does not come back together. A server's retry-after is a floor.
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxElapsedMs: number;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions) {
    this.maxAttempts = options.maxAttempts;
    this.initialBackoffMs = options.initialBackoffMs;
    this.maxBackoffMs = options.maxBackoffMs;
    this.maxElapsedMs = options.maxElapsedMs;
    this.random = options.random ?? Math.random;
  }

  /** The jitter ceiling before retry number `retry` (1 for the first retry). */
  backoffCeilingMs(retry: number): number {
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (retry - 1));
  }

  /**
   * Decides after attempt number `attempt` (1-based) failed with `error`, `elapsedMs` after the
   * first attempt started.
   */
  next(error: ApiError, attempt: number, elapsedMs: number): RetryPlan {
    if (!error.retryable) return { decision: 'fatal', reason: 'not-retryable' };
    if (attempt >= this.maxAttempts) return { decision: 'fatal', reason: 'max-attempts' };
    const jittered = Math.floor(this.random() * this.backoffCeilingMs(attempt));
    const delayMs = Math.max(jittered, error.retryAfterMs ?? 0);
    if (elapsedMs + delayMs > this.maxElapsedMs) return { decision: 'fatal', reason: 'max-elapsed' };
    return { decision: 'retryable', delayMs };
  }
}
