import { describe, expect, it } from '@jest/globals';
import { CLOCK_SKEW_FAIL_MS, CLOCK_SKEW_WARN_MS, describeClockSkew, estimateClockSkew, judgeClockSkew } from '../../src/doctor/clock-skew.js';

/** 2026-11-30T08:00:00Z and its Date header. */
const SERVER_SECOND_MS = Date.UTC(2026, 10, 30, 8, 0, 0);
const DATE_HEADER = new Date(SERVER_SECOND_MS).toUTCString();

describe('estimateClockSkew', () => {
  it('puts the server in the middle of its second and the local time in the middle of the round trip', () => {
    // Sent 1.0 s before the server's second, received 0.6 s after its start: local midpoint -0.2 s.
    const skew = estimateClockSkew(DATE_HEADER, SERVER_SECOND_MS - 1000, SERVER_SECOND_MS + 600);

    expect(skew).toEqual({ skewMs: 700, uncertaintyMs: 1300 });
  });

  it('is positive when the local clock is behind the server', () => {
    const localMs = SERVER_SECOND_MS - 120_000;

    expect(estimateClockSkew(DATE_HEADER, localMs, localMs + 40)?.skewMs).toBe(120_480);
  });

  it('is negative when the local clock is ahead', () => {
    const localMs = SERVER_SECOND_MS + 600_000;

    expect(estimateClockSkew(DATE_HEADER, localMs, localMs)?.skewMs).toBe(-599_500);
  });

  it('gives nothing for a missing or unreadable Date header', () => {
    expect(estimateClockSkew(undefined, 0, 1)).toBeUndefined();
    expect(estimateClockSkew('yesterday-ish', 0, 1)).toBeUndefined();
  });
});

describe('judgeClockSkew', () => {
  it('is ok within the warning threshold', () => {
    expect(judgeClockSkew({ skewMs: 2_000, uncertaintyMs: 500 })).toBe('ok');
    expect(judgeClockSkew({ skewMs: -CLOCK_SKEW_WARN_MS, uncertaintyMs: 500 })).toBe('ok');
  });

  it('warns past the warning threshold and fails past the failure threshold, either direction', () => {
    expect(judgeClockSkew({ skewMs: CLOCK_SKEW_WARN_MS + 1_000, uncertaintyMs: 500 })).toBe('warn');
    expect(judgeClockSkew({ skewMs: -(CLOCK_SKEW_WARN_MS + 1_000), uncertaintyMs: 500 })).toBe('warn');
    expect(judgeClockSkew({ skewMs: CLOCK_SKEW_FAIL_MS + 1_000, uncertaintyMs: 500 })).toBe('failed');
    expect(judgeClockSkew({ skewMs: -(CLOCK_SKEW_FAIL_MS + 1_000), uncertaintyMs: 500 })).toBe('failed');
  });

  it('judges the least skew the measurement allows: a slow answer alone raises no alarm', () => {
    expect(judgeClockSkew({ skewMs: CLOCK_SKEW_WARN_MS + 5_000, uncertaintyMs: 6_000 })).toBe('ok');
  });

  it('fails before the 15 minutes at which the API refuses signatures', () => {
    expect(CLOCK_SKEW_FAIL_MS).toBeLessThan(15 * 60_000);
    expect(CLOCK_SKEW_WARN_MS).toBeLessThan(CLOCK_SKEW_FAIL_MS);
  });
});

describe('describeClockSkew', () => {
  it('says the size, the uncertainty and which clock is off', () => {
    expect(describeClockSkew({ skewMs: 2_400, uncertaintyMs: 600 })).toBe('skew +2.4 s (±0.6 s): the local clock is behind');
    expect(describeClockSkew({ skewMs: -400_000, uncertaintyMs: 520 })).toBe('skew -400 s (±0.5 s): the local clock is ahead');
    expect(describeClockSkew({ skewMs: -30, uncertaintyMs: 510 })).toBe('skew +0.0 s (±0.5 s): in step');
  });
});
