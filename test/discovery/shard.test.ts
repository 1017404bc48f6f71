import { describe, expect, it } from '@jest/globals';
import { fnv1a32, ownsInstance, shardOf } from '../../src/discovery/shard.js';

describe('shard assignment', () => {
  it('uses the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('gives every instance exactly one owner among M shards', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `cri-${i.toString(36).padStart(6, '0')}`);
    const total = 3;
    for (const id of ids) {
      const owners = [0, 1, 2].filter((index) => ownsInstance({ index, total }, id));
      expect(owners).toEqual([shardOf(id, total)]);
    }
    const perShard = [0, 1, 2].map((index) => ids.filter((id) => shardOf(id, total) === index).length);
    for (const count of perShard) expect(count).toBeGreaterThan(100); // roughly even: 500/3 each
  });

  it('lets a single shard own everything', () => {
    expect(ownsInstance({ index: 0, total: 1 }, 'cri-anything')).toBe(true);
  });
});
