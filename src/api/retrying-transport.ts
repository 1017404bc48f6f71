import type { Clock } from '../clock.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import { classifyError } from './classify-error.js';
import type { ActionName, CallTarget } from './actions.js';
import type { RetryPolicy } from './retry-policy.js';

export interface RetryingTransportOptions {
  /** When and how long to wait between attempts. */
  policy: RetryPolicy;
  /** Measures elapsed time and sleeps between attempts. */
  clock: Clock;
}

/**
 * Our retry loop (openapi-core's is off): retries what the policy calls retryable (throttling,
 * server, network, timeout), never auth, client or invalid-response errors. The error that
 * surfaces is the last attempt's, with action, instance, code, HTTP status and RequestId, and the
 * number of attempts made.
 */
export function createRetryingTransport(inner: ApiTransport, options: RetryingTransportOptions): ApiTransport {
  const { policy, clock } = options;
  return {
    async call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      const startedAt = clock.now();
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await inner.call(action, query, target);
        } catch (thrown) {
          const error = classifyError(thrown, { action, region: target.region, instanceId: target.instanceId });
          const plan = policy.next(error, attempt, clock.now() - startedAt);
          if (plan.decision === 'fatal') throw error.withAttempts(attempt);
          await clock.sleep(plan.delayMs);
        }
      }
    },
  };
}
