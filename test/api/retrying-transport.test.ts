import { describe, it, expect } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { ApiError, type ApiErrorKind } from '../../src/errors.js';
import { createRetryingTransport } from '../../src/api/retrying-transport.js';
import { RetryPolicy } from '../../src/api/retry-policy.js';
import { TEST_RETRY } from '../support/api-options.js';
import { FakeTransport, settle } from './fake-transport.js';

const target = { region: 'cn-hangzhou', instanceId: 'cri-1' };

function apiError(kind: ApiErrorKind, fields: Partial<{ code: string; retryAfterMs: number; statusCode: number; requestId: string }> = {}): ApiError {
  return new ApiError({
    kind,
    action: 'ListArtifactSubscriptionTask',
    region: target.region,
    instanceId: target.instanceId,
    code: fields.code ?? 'SystemError',
    message: 'failed',
    statusCode: fields.statusCode,
    requestId: fields.requestId,
    retryAfterMs: fields.retryAfterMs,
  });
}

/** Runs a call to completion, advancing the manual clock by `stepMs` whenever the call sleeps. */
async function runToEnd<T>(clock: ManualClock, promise: Promise<T>, stepMs = 60_000): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let guard = 0; guard < 10_000 && !done; guard += 1) {
    await settle();
    if (clock.pendingSleeps > 0) await clock.advance(stepMs);
  }
  return tracked;
}

describe('createRetryingTransport', () => {
  it('retries retryable errors and returns the first success', async () => {
    const clock = new ManualClock(0);
    const attemptsAt: number[] = [];
    const inner = new FakeTransport((_, index) => {
      attemptsAt.push(clock.now());
      if (index < 2) throw apiError('server');
      return { IsSuccess: true, Tasks: [] };
    });
    const transport = createRetryingTransport(inner, { policy: new RetryPolicy({ ...TEST_RETRY, initialBackoffMs: 100, random: () => 0.5 }), clock });

    const body = await runToEnd(clock, transport.call('ListArtifactSubscriptionTask', { PageNo: 1 }, target));

    expect(body).toEqual({ IsSuccess: true, Tasks: [] });
    expect(inner.calls).toHaveLength(3);
    // Backoffs of 0.5 * 100 and 0.5 * 200 ms.
    expect(attemptsAt).toEqual([0, 50, 150]);
  });

  it('surfaces the last error with its fields and the number of attempts after maxAttempts', async () => {
    const clock = new ManualClock(0);
    const inner = new FakeTransport(() => {
      throw apiError('server', { code: 'SystemError', statusCode: 500, requestId: 'req-500' });
    });
    const transport = createRetryingTransport(inner, { policy: new RetryPolicy({ ...TEST_RETRY, maxAttempts: 4, random: () => 0 }), clock });

    const error = await runToEnd(clock, transport.call('ListArtifactSubscriptionTask', {}, target)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'server',
      action: 'ListArtifactSubscriptionTask',
      instanceId: 'cri-1',
      code: 'SystemError',
      statusCode: 500,
      requestId: 'req-500',
      attempts: 4,
    });
    expect(inner.calls).toHaveLength(4);
  });

  it.each(['auth', 'client', 'invalid-response'] as const)('does not retry %s errors', async (kind) => {
    const clock = new ManualClock(0);
    const inner = new FakeTransport(() => {
      throw apiError(kind, { code: 'NoPrivilege' });
    });
    const transport = createRetryingTransport(inner, { policy: new RetryPolicy(TEST_RETRY), clock });

    const error = await transport.call('ListInstance', {}, target).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind, attempts: 1 });
    expect(inner.calls).toHaveLength(1);
  });

  it('honours retry-after: the next attempt waits at least that long', async () => {
    const clock = new ManualClock(0);
    const attemptsAt: number[] = [];
    const inner = new FakeTransport((_, index) => {
      attemptsAt.push(clock.now());
      if (index === 0) throw apiError('throttling', { code: 'Throttling.User', retryAfterMs: 1_500 });
      return { IsSuccess: true };
    });
    const transport = createRetryingTransport(inner, { policy: new RetryPolicy({ ...TEST_RETRY, random: () => 0 }), clock });

    await runToEnd(clock, transport.call('ListInstance', {}, target));

    expect(attemptsAt).toEqual([0, 1_500]);
  });

  it('gives up rather than start a wait that would cross maxElapsedMs', async () => {
    const clock = new ManualClock(0);
    const inner = new FakeTransport(async () => {
      await clock.sleep(400); // each attempt takes 400 ms before it times out
      throw apiError('timeout', { code: 'Timeout' });
    });
    const policy = new RetryPolicy({ ...TEST_RETRY, maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 200, maxElapsedMs: 1_000, random: () => 0.999 });
    const transport = createRetryingTransport(inner, { policy, clock });

    const error = await runToEnd(clock, transport.call('ListInstance', {}, target), 1).catch((e: unknown) => e);

    // Attempt 1 ends at 400 (+199 wait), attempt 2 ends at 999: a 199 ms wait would end at 1198 > 1000.
    expect(error).toMatchObject({ kind: 'timeout', code: 'Timeout', attempts: 2 });
    expect(inner.calls).toHaveLength(2);
    expect(clock.now()).toBe(999);
  });

  it('classifies a raw throw from the inner transport', async () => {
    const clock = new ManualClock(0);
    const inner = new FakeTransport(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    });
    const transport = createRetryingTransport(inner, { policy: new RetryPolicy({ ...TEST_RETRY, maxAttempts: 2, random: () => 0 }), clock });

    const error = await runToEnd(clock, transport.call('ListInstance', {}, target)).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', attempts: 2 });
  });
});
