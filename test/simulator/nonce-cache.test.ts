import { describe, expect, it } from '@jest/globals';
import { NonceCache } from '../../src/simulator/nonce-cache.js';

describe('NonceCache', () => {
  it('accepts a nonce once within the window', () => {
    const nonces = new NonceCache(1000, 10);

    expect(nonces.remember('a', 0)).toBe(true);
    expect(nonces.remember('a', 999)).toBe(false);
  });

  it('forgets nonces older than the window', () => {
    const nonces = new NonceCache(1000, 10);
    nonces.remember('a', 0);

    expect(nonces.remember('a', 1000)).toBe(true);
  });

  it('keeps at most `limit` nonces, forgetting the oldest', () => {
    const nonces = new NonceCache(60_000, 3);
    for (const nonce of ['a', 'b', 'c', 'd']) nonces.remember(nonce, 0);

    expect(nonces.size).toBe(3);
    expect(nonces.remember('d', 0)).toBe(false);
    expect(nonces.remember('a', 0)).toBe(true);
  });
});
