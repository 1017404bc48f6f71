import { describe, it, expect } from '@jest/globals';
import { readBoolean, readCount, readEpochMs, readOptionalCount, readString, readStringList } from '../../src/api/raw-fields.js';

describe('readEpochMs', () => {
  it.each([
    [1695348301000, 1695348301000],
    ['1695348301000', 1695348301000],
    [' 1695348301000 ', 1695348301000],
  ])('reads %p as epoch ms', (raw, expected) => {
    expect(readEpochMs(raw)).toEqual({ value: expected, invalid: false });
  });

  it.each([undefined, null, '', '  ', 0, '0'])('reads %p as not set, without complaint', (raw) => {
    expect(readEpochMs(raw)).toEqual({ value: undefined, invalid: false });
  });

  it.each(['yesterday', '2023-09-22T10:05:01Z', -5, 1.5, '12e3', true, {}, [], Number.NaN])('reads %p as invalid', (raw) => {
    expect(readEpochMs(raw)).toEqual({ value: undefined, invalid: true });
  });
});

describe('readCount', () => {
  it('reads numbers and numeric strings, zero included', () => {
    expect(readCount(311)).toEqual({ value: 311, invalid: false });
    expect(readCount('3')).toEqual({ value: 3, invalid: false });
    expect(readCount(0)).toEqual({ value: 0, invalid: false });
  });

  it('reads absent values as undefined and bad ones as invalid', () => {
    expect(readCount(undefined)).toEqual({ value: undefined, invalid: false });
    expect(readCount('')).toEqual({ value: undefined, invalid: false });
    expect(readCount(-1)).toEqual({ value: undefined, invalid: true });
    expect(readCount('many')).toEqual({ value: undefined, invalid: true });
    expect(readCount(2.5)).toEqual({ value: undefined, invalid: true });
  });
});

describe('other readers', () => {
  it('readString writes out numbers and booleans and turns anything else into ""', () => {
    expect(readString('nginx')).toBe('nginx');
    expect(readString(42)).toBe('42');
    expect(readString(false)).toBe('false');
    expect(readString(undefined)).toBe('');
    expect(readString({ a: 1 })).toBe('');
  });

  it('readOptionalCount returns undefined for what it cannot read', () => {
    expect(readOptionalCount('5')).toBe(5);
    expect(readOptionalCount('five')).toBeUndefined();
  });

  it('readBoolean accepts true and "true" only', () => {
    expect([true, 'true', 'TRUE', false, 'false', 1, undefined].map(readBoolean)).toEqual([true, true, true, false, false, false, false]);
  });

  it('readStringList keeps the strings of a list and wraps a single string', () => {
    expect(readStringList(['linux/amd64', 3, '', 'linux/arm64'])).toEqual(['linux/amd64', 'linux/arm64']);
    expect(readStringList('linux/amd64')).toEqual(['linux/amd64']);
    expect(readStringList(undefined)).toEqual([]);
  });
});
