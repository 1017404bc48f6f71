import { describe, expect, it } from '@jest/globals';
import { AdaptiveRate } from '../../src/api/adaptive-rate.js';

function rateAt(ceiling: number) {
  let nowMs = 0;
  const rate = new AdaptiveRate(ceiling, () => nowMs);
  return { rate, advance: (ms: number) => (nowMs += ms) };
}

describe('AdaptiveRate', () => {
  it('starts at the configured rate and never exceeds it', () => {
    const { rate, advance } = rateAt(200);
    expect(rate.requestsPerSecond).toBe(200);
    advance(60_000);
    expect(rate.requestsPerSecond).toBe(200);
  });

  it('halves on throttling, once per window and at most once per cooldown (500 ms)', () => {
    const { rate, advance } = rateAt(200);
    const inFlight = [rate.sendWindow, rate.sendWindow, rate.sendWindow];
    for (const window of inFlight) rate.throttled(window);
    expect(rate.requestsPerSecond).toBe(100); // answers to requests sent before the cut: the same signal
    rate.throttled(rate.sendWindow); // sent after the cut, but the server's quota has not refilled yet
    expect(rate.requestsPerSecond).toBe(100);
    advance(1000);
    const sentAfterTheCut = rate.sendWindow;
    rate.throttled(inFlight[0]!); // late answer to a request from before the cut
    expect(rate.requestsPerSecond).toBeCloseTo(110, 6);
    rate.throttled(sentAfterTheCut);
    expect(rate.requestsPerSecond).toBeCloseTo(55, 6);
  });

  it('climbs back additively, 5% per quiet second of the rate that was throttled, up to the configured rate', () => {
    const { rate, advance } = rateAt(200);
    rate.throttled(rate.sendWindow); // throttled at 200: back to 100, +10/s
    advance(2_000);
    expect(rate.requestsPerSecond).toBeCloseTo(120, 6);
    rate.throttled(rate.sendWindow); // throttled at 120 (2 s later): 60, +6/s
    advance(5_000);
    expect(rate.requestsPerSecond).toBeCloseTo(90, 6);
    advance(60_000);
    expect(rate.requestsPerSecond).toBe(200);
  });

  it('goes as low as a server demands, down to 0.01 requests/s', () => {
    const { rate, advance } = rateAt(200);
    for (let i = 0; i < 30; i++) {
      rate.throttled(rate.sendWindow);
      advance(1000);
    }
    rate.throttled(rate.sendWindow);
    expect(rate.requestsPerSecond).toBe(0.01);
  });

  it('settles under a server limit of 20/s when configured for 200, throttled well under 15% of the time', () => {
    // The server admits 20 requests/s with a burst of 20 (a token bucket); time in 10 ms steps.
    const { rate, advance } = rateAt(200);
    let serverTokens = 20;
    let clientCredit = 0;
    let sent = 0;
    let throttled = 0;
    for (let step = 0; step < 6_000; step++) {
      serverTokens = Math.min(20, serverTokens + 0.2);
      clientCredit = Math.min(1, clientCredit + rate.requestsPerSecond / 100);
      if (clientCredit >= 1) {
        clientCredit -= 1;
        sent += 1;
        const window = rate.sendWindow;
        if (serverTokens >= 1) serverTokens -= 1;
        else {
          throttled += 1;
          rate.throttled(window);
        }
      }
      advance(10);
    }
    expect(sent).toBeGreaterThan(60 * 20 * 0.7); // most of the quota used over the minute
    expect(throttled / sent).toBeLessThan(0.15);
  });
});
