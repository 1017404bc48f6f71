import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../clock.js';
import type { ApiConfig, CollectionConfig, RegionConfig } from '../config/types.js';
import type { Logger } from '../logger.js';
import { AcrClient } from './acr-client.js';
import { AdaptiveRate } from './adaptive-rate.js';
import { exposeRateLimit } from './rate-limit-gauge.js';
import { incompleteListingsObserver } from './incomplete-listings.js';
import { createInstrumentedTransport, recordApiAttempt } from './instrumented-transport.js';
import { createOpenApiTransport, type AlibabaCredential } from './openapi-transport.js';
import { createRateLimitedTransport } from './rate-limited-transport.js';
import type { RoleCredentialFactory } from './role-credential.js';
import { createRetryingTransport } from './retrying-transport.js';
import { RetryPolicy } from './retry-policy.js';

/** The configuration an API client is built from: the regions to reach, the api section, the paging keys. */
export interface AcrClientSettings {
  regions: readonly RegionConfig[];
  api: ApiConfig;
  paging: Pick<CollectionConfig, 'pageSize' | 'maxPages'>;
}

export interface AcrClientDeps {
  /** Signs every request. @default the @alicloud/credentials default chain, created on the first call */
  credential?: AlibabaCredential | undefined;
  /** Makes the credential of a region entry with a roleArn. @default STS AssumeRole (role-credential.ts) */
  roleCredential?: RoleCredentialFactory | undefined;
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
export function createAcrClient(settings: AcrClientSettings, registry: Registry, deps: AcrClientDeps = {}): AcrClient {
  const { regions, api, paging } = settings;
  const clock = deps.clock ?? systemClock;
  const openApi = createOpenApiTransport({
    regions,
    connectTimeoutMs: api.connectTimeout,
    readTimeoutMs: api.readTimeout,
    stsEndpoint: api.stsEndpoint,
    credential: deps.credential,
    proxyRoutes: api.proxyRoutes,
    roleCredential: deps.roleCredential,
    // AssumeRole is not an attempt of the transport: @alicloud/credentials sends it. Counted beside them.
    onAssumeRole: (attempt) => recordApiAttempt(registry, { action: 'AssumeRole', ...attempt }, deps.logger),
  });
  let attempts = 0;
  const instrumented = createInstrumentedTransport(openApi, { registry, logger: deps.logger, onAttempt: () => (attempts += 1) });
  const adaptive = api.adaptive ? new AdaptiveRate(api.requestsPerSecond, () => clock.now()) : undefined;
  exposeRateLimit(registry, adaptive ? () => adaptive.requestsPerSecond : () => api.requestsPerSecond);
  const rateLimited = createRateLimitedTransport(instrumented, {
    requestsPerSecond: api.requestsPerSecond,
    burst: api.burst,
    maxConcurrentRequests: api.maxConcurrentRequests,
    adaptive,
    clock,
  });
  const retrying = createRetryingTransport(rateLimited, {
    policy: new RetryPolicy({
      maxAttempts: api.retry.maxAttempts,
      initialBackoffMs: api.retry.initialBackoff,
      maxBackoffMs: api.retry.maxBackoff,
      maxElapsedMs: api.retry.maxElapsed,
      random: deps.random,
    }),
    clock,
  });
  return new AcrClient(retrying, {
    pageSize: paging.pageSize,
    maxPages: paging.maxPages,
    listings: incompleteListingsObserver(registry, deps.logger),
    attempts: () => attempts,
  });
}
