import pLimit from 'p-limit';
import type { Clock } from '../clock.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import type { ActionName, CallTarget } from './actions.js';
import { TokenBucket } from './token-bucket.js';

/** Calls in flight at once, process-wide: enough to overlap latency, few enough for a shared quota. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

export interface RateLimitedTransportOptions {
  /** Sustained requests per second. @default DEFAULT_REQUESTS_PER_SECOND (10), see token-bucket.ts */
  requestsPerSecond?: number;
  /** Requests that may go at once after a quiet period. @default DEFAULT_BURST (10), see token-bucket.ts */
  burst?: number;
  /** Requests in flight at once. @default DEFAULT_MAX_CONCURRENT_REQUESTS (4) */
  maxConcurrentRequests?: number;
  clock: Clock;
}

/**
 * Every attempt waits for a concurrency slot, then for a token. One instance of this transport is
 * shared by every call of the process (createAcrClient builds one), which makes the budget
 * process-wide. It sits under the retry loop: a retry pays for a token like any request, and a
 * backoff wait holds no slot.
 */
export function createRateLimitedTransport(inner: ApiTransport, options: RateLimitedTransportOptions): ApiTransport {
  const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`maxConcurrentRequests must be an integer >= 1, got ${maxConcurrent}`);
  }
  const limit = pLimit(maxConcurrent);
  const bucket = new TokenBucket({ ratePerSecond: options.requestsPerSecond, burst: options.burst, clock: options.clock });

  return {
    call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      // The token is taken inside the slot so that it is spent the moment it is granted.
      return limit(async () => {
        await bucket.take();
        return inner.call(action, query, target);
      });
    },
  };
}
