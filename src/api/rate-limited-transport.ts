import pLimit from 'p-limit';
import type { Clock } from '../clock.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import type { ActionName, CallTarget } from './actions.js';
import type { AdaptiveRate } from './adaptive-rate.js';
import { TokenBucket } from './token-bucket.js';
import { ApiError } from '../errors.js';

/** Defaults and bounds: api.requestsPerSecond, api.burst and api.maxConcurrentRequests in src/config/schema.ts. */
export interface RateLimitedTransportOptions {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet period. */
  burst: number;
  /** Requests in flight at once, an integer >= 1. */
  maxConcurrentRequests: number;
  /** api.adaptive: the rate follows this instead of requestsPerSecond, and throttling answers are reported to it; undefined for a fixed rate. */
  adaptive: AdaptiveRate | undefined;
  clock: Clock;
}

/**
 * Every attempt waits for a concurrency slot, then for a token. One instance of this transport is
 * shared by every call of the process (createAcrClient builds one), which makes the budget
 * process-wide. It sits under the retry loop: a retry pays for a token like any request, and a
 * backoff wait holds no slot.
 */
export function createRateLimitedTransport(inner: ApiTransport, options: RateLimitedTransportOptions): ApiTransport {
  const limit = pLimit(options.maxConcurrentRequests);
  const { adaptive } = options;
  const bucket = new TokenBucket({ ratePerSecond: adaptive ? () => adaptive.requestsPerSecond : options.requestsPerSecond, burst: options.burst, clock: options.clock });

  return {
    call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      // The token is taken inside the slot so that it is spent the moment it is granted.
      return limit(async () => {
        await bucket.take();
        const window = adaptive?.sendWindow;
        try {
          return await inner.call(action, query, target);
        } catch (error) {
          if (adaptive && window !== undefined && error instanceof ApiError && error.kind === 'throttling') adaptive.throttled(window);
          throw error;
        }
      });
    },
  };
}
