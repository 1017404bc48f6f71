import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { API_DURATION_BUCKETS_SECONDS, METRICS, type LabelNames } from '../metric-names.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import { classifyError } from './classify-error.js';
import { CodeLabels, MAX_CODES_PER_ACTION, OTHER_CODE } from './code-labels.js';
import type { ActionName, CallTarget } from './actions.js';
import { sharedMetric } from './shared-metric.js';

/** The `code` label value of a successful attempt. */
export const SUCCESS_CODE = 'success';

export interface InstrumentedTransportOptions {
  /** The registry the API metrics are registered on (never prom-client's global one). */
  registry: Registry;
  /**
   * Monotonic milliseconds for attempt durations; injectable so tests assert exact sums.
   * @default performance.now
   */
  now?: () => number;
  /**
   * Gets one debug line per attempt (action, target, page, outcome, duration; never the
   * credential) and a warn line the first time each error code comes for an action.
   */
  logger?: Logger;
  /** Told once per attempt, as it ends (the per-collection call count). @default nothing */
  onAttempt?: () => void;
}

/**
 * Counts and times every attempt that reaches the wire: acr_exporter_api_requests_total{action,code}
 * and acr_exporter_api_request_duration_seconds{action}. It sits directly on the openapi
 * transport, under the rate limiter and the retry loop, so each retry is one more attempt.
 * The `code` label takes at most MAX_CODES_PER_ACTION values per action (code-labels.ts).
 */
export function createInstrumentedTransport(inner: ApiTransport, options: InstrumentedTransportOptions): ApiTransport {
  const now = options.now ?? (() => performance.now());
  const requests = apiRequestsCounter(options.registry);
  const duration = apiRequestDurationHistogram(options.registry);
  const codeLabels = codeLabelsOf(options.registry, options.logger);

  return {
    async call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      const startedAt = now();
      let code = SUCCESS_CODE;
      let requestId: string | undefined;
      try {
        const body = await inner.call(action, query, target);
        requestId = typeof body['RequestId'] === 'string' ? body['RequestId'] : undefined;
        return body;
      } catch (error) {
        const classified = classifyError(error, { action, region: target.region, instanceId: target.instanceId });
        code = classified.code;
        requestId = classified.requestId;
        throw classified;
      } finally {
        options.onAttempt?.();
        const seconds = (now() - startedAt) / 1000;
        duration.observe({ action }, seconds);
        requests.inc({ action, code: codeLabels.label(action, code) });
        options.logger?.debug({ action, region: target.region, instanceId: target.instanceId, pageNo: query['PageNo'], code, requestId, seconds }, 'api attempt');
      }
    },
  };
}

/**
 * Counts one attempt made outside any transport (STS AssumeRole for a region's roleArn, made by
 * @alicloud/credentials) in the same acr_exporter_api_requests_total and duration series, under the
 * same bound on codes.
 */
export function recordApiAttempt(registry: Registry, attempt: { action: string; code: string; seconds: number }, logger?: Logger): void {
  apiRequestDurationHistogram(registry).observe({ action: attempt.action }, attempt.seconds);
  apiRequestsCounter(registry).inc({ action: attempt.action, code: codeLabelsOf(registry, logger).label(attempt.action, attempt.code) });
}

/**
 * The code bound of a registry, shared by every client on it: a client built on a configuration
 * reload continues the same series, so it must continue the same bound.
 */
const codeLabelsByRegistry = new WeakMap<Registry, CodeLabels>();

function codeLabelsOf(registry: Registry, logger: Logger | undefined): CodeLabels {
  let codeLabels = codeLabelsByRegistry.get(registry);
  if (!codeLabels) {
    codeLabels = new CodeLabels(new Set([SUCCESS_CODE]), ({ action, code, label }) =>
      logger?.warn(
        { action, code, label, maxCodesPerAction: MAX_CODES_PER_ACTION },
        label === OTHER_CODE ? 'first occurrence of an API error code; counted as code="other"' : 'first occurrence of an API error code',
      ),
    );
    codeLabelsByRegistry.set(registry, codeLabels);
  }
  return codeLabels;
}

function apiRequestsCounter(registry: Registry): Counter<LabelNames<'apiRequests'>> {
  const { name, help, labelNames } = METRICS.apiRequests;
  return sharedMetric(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
}

function apiRequestDurationHistogram(registry: Registry): Histogram<LabelNames<'apiRequestDuration'>> {
  const { name, help, labelNames } = METRICS.apiRequestDuration;
  return sharedMetric(registry, name, () => new Histogram({ name, help, labelNames, buckets: API_DURATION_BUCKETS_SECONDS, registers: [registry] }));
}
