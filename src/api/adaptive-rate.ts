/**
 * The request rate the process allows itself, adapted to what the API accepts (AIMD, as TCP and
 * the AWS SDKs' adaptive retry mode do): a throttling answer halves the rate; quiet time raises it
 * again additively, up to the configured api.requestsPerSecond. ACR publishes no quota (it lives in
 * Quota Center, shared with every other client of the account), so the exporter finds it by
 * listening to Throttling answers instead of trusting a number.
 *
 * One decrease per window, as TCP does per round trip: a request carries the window it was sent in,
 * and only a throttling answer to a request sent after the last decrease decreases again. Requests
 * already in flight when the rate was cut are the same signal, not a new one. And at most one
 * decrease per DECREASE_COOLDOWN_MS: a server's quota refills over time, so answers right after a cut
 * still describe the load from before it. Measured with `npm run bench -- adaptive` (a 20/s quota,
 * 200/s configured, 200 pages): without the cooldown the rate fell below 1/s and the listing took
 * 51 s; with 1 s, 18% of requests were throttled while the rate came down; 500 ms gave 9% and 13 s.
 */

/** A throttling answer multiplies the rate by this. */
const DECREASE_FACTOR = 0.5;
/**
 * Quiet time raises the rate by this share, per second, of the rate that was throttled: back from
 * half to the throttled rate in 10 s, so that the probe above a server's limit is rare (about one
 * throttled request per 10 s of traffic at the limit).
 */
const INCREASE_SHARE_PER_SECOND = 0.05;
/** Shortest time between two decreases. */
const DECREASE_COOLDOWN_MS = 500;
/** The lowest rate: the lower bound api.requestsPerSecond itself has. */
const FLOOR_REQUESTS_PER_SECOND = 0.01;

export class AdaptiveRate {
  private current: number;
  private increasePerMs: number;
  private changedAtMs: number;
  private window = 0;
  private decreasedAtMs = Number.NEGATIVE_INFINITY;

  /**
   * @param ceiling the configured api.requestsPerSecond: the rate starts there and never exceeds it
   * @param now monotonic milliseconds (the injected clock)
   */
  constructor(
    private readonly ceiling: number,
    private readonly now: () => number,
  ) {
    this.current = ceiling;
    this.increasePerMs = (ceiling * INCREASE_SHARE_PER_SECOND) / 1000;
    this.changedAtMs = now();
  }

  /** Requests per second allowed now: the rate after the last decrease, raised for the quiet time since. */
  get requestsPerSecond(): number {
    const nowMs = this.now();
    this.current = Math.min(this.ceiling, this.current + Math.max(0, nowMs - this.changedAtMs) * this.increasePerMs);
    this.changedAtMs = nowMs;
    return this.current;
  }

  /** The window a request sent now belongs to; hand it back to throttled() if the answer is Throttling. */
  get sendWindow(): number {
    return this.window;
  }

  /** A request sent in `window` was answered Throttling: halve the rate, unless it was already cut since it was sent, or less than DECREASE_COOLDOWN_MS ago. */
  throttled(window: number): void {
    if (window !== this.window || this.now() - this.decreasedAtMs < DECREASE_COOLDOWN_MS) return;
    const throttledRate = this.requestsPerSecond;
    this.window += 1;
    this.decreasedAtMs = this.now();
    this.current = Math.max(FLOOR_REQUESTS_PER_SECOND, throttledRate * DECREASE_FACTOR);
    this.increasePerMs = (throttledRate * INCREASE_SHARE_PER_SECOND) / 1000;
  }
}
