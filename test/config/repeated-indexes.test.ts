import { describe, expect, it } from '@jest/globals';
import { repeatedIndexes } from '../../src/config/repeated-indexes.js';
import { configSchema } from '../../src/config/schema.js';

/** An array that counts how often its elements are read. */
function countingArray<T>(items: T[]): { array: T[]; reads: () => number } {
  let reads = 0;
  const array = new Proxy(items, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { array, reads: () => reads };
}

describe('repeatedIndexes', () => {
  it('returns the indexes of items equal to an earlier one', () => {
    expect(repeatedIndexes(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual([2, 4, 5]);
  });

  it('compares by key', () => {
    expect(repeatedIndexes([{ id: 'x' }, { id: 'y' }, { id: 'x' }], (item) => item.id)).toEqual([2]);
  });

  it('reads each item once, so the check stays linear (indexOf per item read 2,000 items 2 million times)', () => {
    const { array, reads } = countingArray(Array.from({ length: 2000 }, (_, index) => `cri-${index % 1500}`));

    const repeated = repeatedIndexes(array);

    expect(repeated).toHaveLength(500);
    expect(reads()).toBe(2000);
  });
});

describe('a static list of 100,000 instance ids', () => {
  const ids = Array.from({ length: 100_000 }, (_, index) => `cri-${String(index).padStart(16, '0')}`);

  it('validates', () => {
    const result = configSchema.safeParse({ regions: [{ id: 'cn-hangzhou', instances: ids }] });

    expect(result.success && result.data.regions[0]?.instances?.length).toBe(100_000);
  });

  it('reports the one repeated id at its index', () => {
    const result = configSchema.safeParse({ regions: [{ id: 'cn-hangzhou', instances: [...ids, ids[42]] }] });

    expect(result.success ? [] : result.error.issues.map((issue) => issue.path)).toEqual([['regions', 0, 'instances', 100_000]]);
  });
});
