import { describe, it, expect } from '@jest/globals';
import { ApiError, type ApiErrorKind } from '../../src/errors.js';
import { RetryPolicy } from '../../src/api/retry-policy.js';
import { TEST_RETRY } from '../support/api-options.js';

function apiError(kind: ApiErrorKind, retryAfterMs?: number): ApiError {
  return new ApiError({ kind, action: 'ListInstance', region: 'cn-hangzhou', code: 'X', message: 'x', retryAfterMs });
}

describe('RetryPolicy', () => {
  it('doubles the backoff ceiling per retry up to maxBackoffMs', () => {
    const policy = new RetryPolicy({ ...TEST_RETRY, initialBackoffMs: 200, maxBackoffMs: 1_000 });

    expect([1, 2, 3, 4, 5].map((retry) => policy.backoffCeilingMs(retry))).toEqual([200, 400, 800, 1_000, 1_000]);
  });

  it('waits a full-jitter fraction of the ceiling', () => {
    const policy = new RetryPolicy({ ...TEST_RETRY, initialBackoffMs: 200, maxAttempts: 5, random: () => 0.5 });

    expect(policy.next(apiError('server'), 1, 0)).toEqual({ decision: 'retryable', delayMs: 100 });
    expect(policy.next(apiError('server'), 3, 0)).toEqual({ decision: 'retryable', delayMs: 400 });
  });

  it.each(['throttling', 'server', 'network', 'timeout'] as const)('retries %s errors', (kind) => {
    const policy = new RetryPolicy({ ...TEST_RETRY, random: () => 0 });

    expect(policy.next(apiError(kind), 1, 0).decision).toBe('retryable');
  });

  it.each(['auth', 'client', 'invalid-response'] as const)('never retries %s errors', (kind) => {
    const policy = new RetryPolicy(TEST_RETRY);

    expect(policy.next(apiError(kind), 1, 0)).toEqual({ decision: 'fatal', reason: 'not-retryable' });
  });

  it('stops after maxAttempts attempts', () => {
    const policy = new RetryPolicy({ ...TEST_RETRY, maxAttempts: 3, random: () => 0 });

    expect(policy.next(apiError('server'), 2, 0).decision).toBe('retryable');
    expect(policy.next(apiError('server'), 3, 0)).toEqual({ decision: 'fatal', reason: 'max-attempts' });
  });

  it('waits at least the server retry-after, even above maxBackoffMs', () => {
    const policy = new RetryPolicy({ ...TEST_RETRY, maxBackoffMs: 1_000, maxElapsedMs: 60_000, random: () => 0.99 });

    expect(policy.next(apiError('throttling', 3_000), 1, 0)).toEqual({ decision: 'retryable', delayMs: 3_000 });
    // A retry-after below the jittered wait does not shorten it.
    expect(policy.next(apiError('throttling', 10), 1, 0)).toEqual({ decision: 'retryable', delayMs: 198 });
  });

  it('does not start a wait that would end after maxElapsedMs', () => {
    const policy = new RetryPolicy({ ...TEST_RETRY, maxElapsedMs: 1_000, random: () => 0.5, initialBackoffMs: 400 });

    expect(policy.next(apiError('server'), 1, 800)).toEqual({ decision: 'retryable', delayMs: 200 });
    expect(policy.next(apiError('server'), 1, 801)).toEqual({ decision: 'fatal', reason: 'max-elapsed' });
    expect(policy.next(apiError('throttling', 5_000), 1, 0)).toEqual({ decision: 'fatal', reason: 'max-elapsed' });
  });
});
