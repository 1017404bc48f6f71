import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../clock.js';
import type { ExporterConfig } from '../config/types.js';
import type { Logger } from '../logger.js';
import { AcrClient } from './acr-client.js';
import { incompleteListingsObserver } from './incomplete-listings.js';
import { createInstrumentedTransport } from './instrumented-transport.js';
import { createOpenApiTransport, type AlibabaCredential } from './openapi-transport.js';
import { createRateLimitedTransport } from './rate-limited-transport.js';
import { createRetryingTransport } from './retrying-transport.js';
import { RetryPolicy } from './retry-policy.js';

export interface AcrClientDeps {
  /** Signs every request. @default the @alicloud/credentials default chain, created on the first call */
  credential?: AlibabaCredential | undefined;
  /** Time for the rate limiter and the retry backoff. @default systemClock */
  clock?: Clock | undefined;
  /** Jitter source of the retry backoff, uniform in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
  /**
   * Gets a debug line per API attempt, a warn line per listing that ended short of what the API
   * announced and per new error code. @default no logging
   */
  logger?: Logger | undefined;
}

/**
 * Builds the API stack from the configuration, innermost first:
 * openapi-core transport -> instrumented (every attempt counted) -> rate-limited (token bucket +
 * concurrency limit, shared by every call through this client) -> retrying -> typed AcrClient,
 * whose short listings are counted in acr_exporter_incomplete_listings_total on `registry`.
 * Build one per process: the rate limit is per client.
 */
export function createAcrClient(config: ExporterConfig, registry: Registry, deps: AcrClientDeps = {}): AcrClient {
  const clock = deps.clock ?? systemClock;
  const openApi = createOpenApiTransport({
    regions: config.regions,
    connectTimeoutMs: config.api.connectTimeoutMs,
    readTimeoutMs: config.api.readTimeoutMs,
    credential: deps.credential,
  });
  let attempts = 0;
  const instrumented = createInstrumentedTransport(openApi, { registry, logger: deps.logger, onAttempt: () => (attempts += 1) });
  const rateLimited = createRateLimitedTransport(instrumented, {
    requestsPerSecond: config.api.requestsPerSecond,
    burst: config.api.burst,
    maxConcurrentRequests: config.api.maxConcurrentRequests,
    clock,
  });
  const retrying = createRetryingTransport(rateLimited, {
    policy: new RetryPolicy({ ...config.api.retry, random: deps.random }),
    clock,
  });
  return new AcrClient(retrying, {
    pageSize: config.collection.pageSize,
    maxPages: config.collection.maxPages,
    listings: incompleteListingsObserver(registry, deps.logger),
    attempts: () => attempts,
  });
}
