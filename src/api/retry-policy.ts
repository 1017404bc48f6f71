import type { ApiError, RetryDecision } from '../errors.js';

/** Attempts per call, the first included: three retries ride out a short throttling burst. */
export const DEFAULT_MAX_ATTEMPTS = 4;
/** Ceiling of the first backoff; the ceiling doubles per retry. */
export const DEFAULT_INITIAL_BACKOFF_MS = 200;
/** No single backoff ceiling above this (a server's retry-after may still ask for longer). */
export const DEFAULT_MAX_BACKOFF_MS = 5_000;
/** A call with its retries gives up rather than start a wait that would end after this. */
export const DEFAULT_MAX_ELAPSED_MS = 20_000;

export interface RetryPolicyOptions {
  /** Attempts per call, including the first (1 = never retry). @default DEFAULT_MAX_ATTEMPTS (4) */
  maxAttempts?: number;
  /** Backoff ceiling before the first retry. @default DEFAULT_INITIAL_BACKOFF_MS (200) */
  initialBackoffMs?: number;
  /** Upper bound of the backoff ceiling. @default DEFAULT_MAX_BACKOFF_MS (5000) */
  maxBackoffMs?: number;
  /** Bound on a call's total time, measured from its first attempt. @default DEFAULT_MAX_ELAPSED_MS (20000) */
  maxElapsedMs?: number;
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

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.initialBackoffMs = options.initialBackoffMs ?? DEFAULT_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.maxElapsedMs = options.maxElapsedMs ?? DEFAULT_MAX_ELAPSED_MS;
    this.random = options.random ?? Math.random;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, got ${this.maxAttempts}`);
    for (const [name, value] of [
      ['initialBackoffMs', this.initialBackoffMs],
      ['maxBackoffMs', this.maxBackoffMs],
      ['maxElapsedMs', this.maxElapsedMs],
    ] as const) {
      if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
    }
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
