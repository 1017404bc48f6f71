import { describe, it, expect } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { TokenBucket } from '../../src/api/token-bucket.js';
import { settle } from './fake-transport.js';

/**
 * Starts `count` takes at once and records the clock time at which each was granted. Callers
 * await settle() before advancing the clock, so immediate grants are recorded at the start time.
 */
function takeAll(bucket: TokenBucket, clock: ManualClock, count: number): { grantedAt: number[]; done: Promise<void[]> } {
  const grantedAt: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, async () => {
      await bucket.take();
      grantedAt.push(clock.now());
    }),
  );
  return { grantedAt, done };
}

describe('TokenBucket', () => {
  it('grants a full burst at once, then one token per 1/rate seconds', async () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, clock });

    const { grantedAt, done } = takeAll(bucket, clock, 6);
    await settle();
    await clock.advance(1_000);
    await done;

    expect(grantedAt).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('makes N calls from a full bucket take at least (N - burst) / rate seconds', async () => {
    const clock = new ManualClock(5_000);
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 2, clock });

    const { grantedAt, done } = takeAll(bucket, clock, 10);
    await settle();
    await clock.advance(10_000);
    await done;

    // (10 - 2) / 4 = 2 s
    expect(Math.max(...grantedAt) - 5_000).toBe(2_000);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, clock });
    await bucket.take();
    await bucket.take();

    await settle();
    await clock.advance(60_000);
    const { grantedAt, done } = takeAll(bucket, clock, 3);
    await settle();
    await clock.advance(1_000);
    await done;

    expect(grantedAt).toEqual([60_000, 60_000, 60_100]);
  });

  it('keeps the rate when callers arrive while others wait', async () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });

    const first = takeAll(bucket, clock, 2); // granted at 0 and 100
    await settle();
    await clock.advance(50);
    const second = takeAll(bucket, clock, 1); // after the waiter: 200
    await settle();
    await clock.advance(1_000);
    await Promise.all([first.done, second.done]);

    expect(first.grantedAt).toEqual([0, 100]);
    expect(second.grantedAt).toEqual([200]);
  });
});
