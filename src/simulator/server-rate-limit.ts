/**
 * The server side of a per-account API quota: a token bucket over every authenticated request of
 * the simulator, on wall time. A request that finds the bucket empty is answered 400
 * Throttling.User, as the API answers "Request was denied due to user flow control". ACR publishes
 * no QPS numbers (they live in Quota Center), so tests and the benchmark choose one.
 */
export interface ServerRateLimitOptions {
  /** Requests admitted per second, sustained. */
  requestsPerSecond: number;
  /** Requests admitted at once after a quiet period. @default requestsPerSecond (one second's worth) */
  burst?: number;
}

export class ServerRateLimit {
  private tokens: number;
  private lastRefillMs: number;
  private readonly burst: number;

  constructor(
    private readonly options: ServerRateLimitOptions,
    private readonly now: () => number,
  ) {
    this.burst = Math.max(1, options.burst ?? options.requestsPerSecond);
    this.tokens = this.burst;
    this.lastRefillMs = now();
  }

  /** Takes a token if there is one; false means: answer Throttling. */
  admit(): boolean {
    const nowMs = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.options.requestsPerSecond);
    this.lastRefillMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
