import { describe, expect, it } from '@jest/globals';
import { acceptedEncoding } from '../../src/server/accepted-encoding.js';

describe('acceptedEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip, deflate, br', 'gzip'],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', 'gzip'],
    ['gzip;q=0.5', 'gzip'],
    ['*', 'gzip'],
    ['deflate', 'identity'],
    ['gzip;q=0', 'identity'],
    ['gzip; q=0', 'identity'],
    ['gzip;q=0.000', 'identity'],
    ['gzip;q=0, identity', 'identity'],
    ['gzip;q=0.5, identity;q=1', 'identity'],
    ['gzip;q=1, identity;q=0.5', 'gzip'],
    ['identity;q=0, gzip', 'gzip'],
    ['*;q=0, gzip', 'gzip'],
    ['gzip;q=nonsense', 'identity'],
  ] as const)('Accept-Encoding %p answers %p', (header, expected) => {
    expect(acceptedEncoding(header)).toBe(expected);
  });

  it.each(['identity;q=0', '*;q=0', 'br, *;q=0', 'br, identity;q=0', 'gzip;q=0, identity;q=0'])('accepts nothing it can send for %p', (header) => {
    expect(acceptedEncoding(header)).toBeUndefined();
  });
});
