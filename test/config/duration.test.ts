import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { formatDuration, parseDuration, tryParseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1s500ms', 1_500],
    ['2d', 172_800_000],
    ['0', 0],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', '30 s', ' 30s', '30S', '1.5h', '-5s', '30m1h', '5s5s', 'ms', '30sec', '1w', '99999999999999999999h'])(
    'rejects %j',
    (text) => {
      expect(tryParseDuration(text)).toBeUndefined();
    },
  );

  it('tells "5ms" (milliseconds) from "5m" (minutes)', () => {
    expect([parseDuration('5ms'), parseDuration('5m')]).toEqual([5, 300_000]);
  });

  it('throws a ConfigError naming the key path and the value', () => {
    expect(() => parseDuration('30 seconds', 'collection.cacheTtl')).toThrow(
      new ConfigError('collection.cacheTtl', '"30 seconds" is not a duration; expected e.g. 30s, 5m, 1h'),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [30_000, '30s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [250, '250ms'],
    [1_500, '1s500ms'],
    [86_400_000, '1d'],
    [0, '0s'],
  ])('prints %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('is read back by parseDuration as the same number of milliseconds', () => {
    const samples = [1, 999, 1_000, 61_001, 3_599_999, 90_061_001];

    expect(samples.map((ms) => parseDuration(formatDuration(ms)))).toEqual(samples);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});
