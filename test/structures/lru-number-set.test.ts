import { describe, expect, it } from '@jest/globals';
import { LruNumberSet } from '../../src/structures/lru-number-set.js';

/** The behaviour LruNumberSet must have, written the slow and obvious way (a Map keeps insertion order). */
class ReferenceLru {
  private readonly order = new Map<number, true>();
  constructor(private readonly max: number) {}
  evictions = 0;
  add(value: number): boolean {
    const known = this.order.delete(value);
    this.order.set(value, true);
    if (this.order.size > this.max) {
      this.order.delete(this.order.keys().next().value!);
      this.evictions += 1;
    }
    return !known;
  }
  delete(value: number): boolean {
    return this.order.delete(value);
  }
  has(value: number): boolean {
    return this.order.has(value);
  }
  get size(): number {
    return this.order.size;
  }
}

/** Deterministic pseudo-random integers below `bound` (xorshift32). */
function randomInts(seed: number, bound: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % bound;
  };
}

describe('LruNumberSet', () => {
  it('says a value is new once, then held', () => {
    const set = new LruNumberSet(10);

    expect(set.add(42)).toBe(true);
    expect(set.add(42)).toBe(false);
    expect(set.has(42)).toBe(true);
    expect(set.has(43)).toBe(false);
    expect(set.size).toBe(1);
  });

  it('holds 53-bit values exactly, including ones that share their low 32 bits', () => {
    const set = new LruNumberSet(10);
    const high = Number.MAX_SAFE_INTEGER;
    const sameLowBits = high - 2 ** 32;

    set.add(high);

    expect(set.has(high)).toBe(true);
    expect(set.has(sameLowBits)).toBe(false);
    expect(set.add(sameLowBits)).toBe(true);
    expect(set.size).toBe(2);
  });

  it('forgets the least recently added value when full; adding a held value makes it the most recent', () => {
    const set = new LruNumberSet(2);
    set.add(1);
    set.add(2);
    set.add(1); // 2 is now the least recent

    set.add(3);

    expect(set.has(2)).toBe(false);
    expect(set.has(1)).toBe(true);
    expect(set.has(3)).toBe(true);
    expect(set.size).toBe(2);
  });

  it('has() does not change what is forgotten next', () => {
    const set = new LruNumberSet(2);
    set.add(1);
    set.add(2);

    expect(set.has(1)).toBe(true);
    set.add(3);

    expect(set.has(1)).toBe(false);
  });

  it('behaves like a plain LRU through growth, eviction and probe-run deletions', () => {
    // A bound above the initial capacity (growth), values from a small range (many re-adds and
    // long probe runs in the index), far more adds than the bound (evictions everywhere).
    for (const max of [1, 7, 1000, 5000]) {
      const set = new LruNumberSet(max);
      const reference = new ReferenceLru(max);
      const mismatches: string[] = [];
      const next = randomInts(max + 1, max * 3);
      for (let i = 0; i < max * 20 + 100; i++) {
        const value = next() * 2 ** 21 + 5; // values with varied high bits
        if (set.add(value) !== reference.add(value)) mismatches.push(`add #${i} (${value})`);
      }
      const probe = randomInts(7, max * 3);
      for (let i = 0; i < 2000; i++) {
        const value = probe() * 2 ** 21 + 5;
        if (set.has(value) !== reference.has(value)) mismatches.push(`has ${value}`);
      }

      expect({ max, size: set.size, mismatches: mismatches.slice(0, 5) }).toEqual({ max, size: reference.size, mismatches: [] });
    }
  });

  it('behaves like a plain LRU when deletions are mixed with adds, growth and eviction', () => {
    for (const max of [1, 7, 1000, 3000]) {
      const set = new LruNumberSet(max);
      const reference = new ReferenceLru(max);
      const mismatches: string[] = [];
      const next = randomInts(max + 11, max * 3);
      for (let i = 0; i < max * 20 + 100; i++) {
        const value = next() * 2 ** 21 + 3;
        // About one operation in three is a delete, so holes open everywhere in the slots.
        if (i % 3 === 2) {
          if (set.delete(value) !== reference.delete(value)) mismatches.push(`delete #${i} (${value})`);
        } else if (set.add(value) !== reference.add(value)) mismatches.push(`add #${i} (${value})`);
      }
      for (let value = 0; value < max * 3; value++) {
        const v = value * 2 ** 21 + 3;
        if (set.has(v) !== reference.has(v)) mismatches.push(`has ${v}`);
      }
      expect({ max, size: set.size, evictions: set.evictions, mismatches: mismatches.slice(0, 5) }).toEqual({
        max,
        size: reference.size,
        evictions: reference.evictions,
        mismatches: [],
      });
    }
  });

  it('counts evictions, not deletions', () => {
    const set = new LruNumberSet(2);
    set.add(1);
    set.add(2);
    expect(set.delete(1)).toBe(true);
    expect(set.delete(1)).toBe(false);
    set.add(3);
    expect(set.evictions).toBe(0);
    set.add(4);
    expect([set.evictions, set.has(2), set.has(3), set.has(4)]).toEqual([1, false, true, true]);
  });

  it('rejects a bound below 1 or not an integer', () => {
    expect(() => new LruNumberSet(0)).toThrow(RangeError);
    expect(() => new LruNumberSet(2.5)).toThrow('max must be an integer >= 1, got 2.5');
  });
});
