import { describe, it, expect } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { createRateLimitedTransport } from '../../src/api/rate-limited-transport.js';
import { AdaptiveRate } from '../../src/api/adaptive-rate.js';
import { ApiError } from '../../src/errors.js';
import { TEST_RATE } from '../support/api-options.js';
import { FakeTransport, GatedTransport, settle } from './fake-transport.js';

const target = { region: 'cn-hangzhou', instanceId: 'cri-1' };

describe('createRateLimitedTransport', () => {
  it('never has more than maxConcurrentRequests calls in flight', async () => {
    const clock = new ManualClock(0);
    const inner = new GatedTransport();
    const transport = createRateLimitedTransport(inner, { requestsPerSecond: 1000, burst: 1000, maxConcurrentRequests: 3, adaptive: undefined, clock });

    const calls = Array.from({ length: 10 }, (_, i) => transport.call('ListArtifactSubscriptionTask', { PageNo: i + 1 }, target));
    await settle();
    expect(inner.inFlight).toBe(3);
    for (let finished = 0; finished < 10; finished += 1) {
      inner.resolveNext({ IsSuccess: true, n: finished });
      await settle();
      expect(inner.inFlight).toBeLessThanOrEqual(3);
    }
    const bodies = await Promise.all(calls);

    expect(inner.maxInFlight).toBe(3);
    expect(inner.started).toBe(10);
    expect(bodies.map((body) => body['n'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('spends the request budget: N calls take at least (N - burst) / rate seconds', async () => {
    const clock = new ManualClock(0);
    const sentAt: number[] = [];
    const inner = new FakeTransport(() => {
      sentAt.push(clock.now());
      return { IsSuccess: true };
    });
    const transport = createRateLimitedTransport(inner, { requestsPerSecond: 5, burst: 2, maxConcurrentRequests: 10, adaptive: undefined, clock });

    const calls = Promise.all(Array.from({ length: 12 }, () => transport.call('ListInstance', {}, { region: 'cn-hangzhou' })));
    await settle();
    expect(sentAt).toEqual([0, 0]);
    await clock.advance(10_000);
    await calls;

    expect(sentAt).toHaveLength(12);
    // (12 - 2) / 5 = 2 s, one call every 200 ms after the burst.
    expect(sentAt[11]).toBe(2_000);
    expect(sentAt.slice(2)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
  });

  it('passes failures through and frees the slot', async () => {
    const clock = new ManualClock(0);
    const inner = new FakeTransport((_, index) => {
      if (index === 0) throw new Error('boom');
      return { IsSuccess: true };
    });
    const transport = createRateLimitedTransport(inner, { ...TEST_RATE, maxConcurrentRequests: 1, adaptive: undefined, clock });

    await expect(transport.call('ListInstance', {}, { region: 'r' })).rejects.toThrow('boom');
    await expect(transport.call('ListInstance', {}, { region: 'r' })).resolves.toEqual({ IsSuccess: true });
  });

  it('adapts: a Throttling answer halves the rate the bucket spends, quiet time raises it again', async () => {
    const clock = new ManualClock(0);
    const sentAt: number[] = [];
    const inner = new FakeTransport((_, index) => {
      sentAt.push(clock.now());
      if (index === 0) throw new ApiError({ kind: 'throttling', action: 'ListInstance', region: 'r', code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
      return { IsSuccess: true };
    });
    const adaptive = new AdaptiveRate(10, () => clock.now());
    const transport = createRateLimitedTransport(inner, { requestsPerSecond: 10, burst: 1, maxConcurrentRequests: 1, adaptive, clock });

    await expect(transport.call('ListInstance', {}, { region: 'r' })).rejects.toThrow('flow control');
    expect(adaptive.requestsPerSecond).toBe(5);
    const calls = Promise.all(Array.from({ length: 3 }, () => transport.call('ListInstance', {}, { region: 'r' })));
    await settle();
    await clock.advance(10_000);
    await calls;

    // 5/s (plus the climb of 0.5/s per second): about 200 ms apart instead of 100 ms.
    expect(sentAt[1]).toBeGreaterThanOrEqual(190);
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(180);
    await clock.advance(20_000);
    expect(adaptive.requestsPerSecond).toBe(10);
  });
});
