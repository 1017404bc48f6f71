/**
 * Test values for the API components' required options. Production takes them from the validated
 * configuration (src/config/schema.ts holds every default); these equal those defaults, so a
 * test reads like production unless it overrides a value on purpose.
 */
import type { RetryPolicyOptions } from '../../src/api/retry-policy.js';

export const TEST_RETRY: Omit<RetryPolicyOptions, 'random'> = { maxAttempts: 4, initialBackoffMs: 200, maxBackoffMs: 5_000, maxElapsedMs: 20_000 };

export const TEST_STS_ENDPOINT = 'sts.aliyuncs.com';

export const TEST_RATE = { requestsPerSecond: 10, burst: 10, maxConcurrentRequests: 4 } as const;

export const TEST_TIMEOUTS = { connectTimeoutMs: 5_000, readTimeoutMs: 10_000 } as const;

export const TEST_PAGING = { pageSize: 100, maxPages: 1000 } as const;
