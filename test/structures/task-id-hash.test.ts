import { describe, expect, it } from '@jest/globals';
import { taskIdHash } from '../../src/structures/task-id-hash.js';

describe('taskIdHash', () => {
  it('is a non-negative safe integer, the same for the same key', () => {
    const hash = taskIdHash('cn-hangzhou/cri-a', 'crast-0123456789abcdef');

    expect(Number.isSafeInteger(hash)).toBe(true);
    expect(hash).toBeGreaterThanOrEqual(0);
    expect(taskIdHash('cn-hangzhou/cri-a', 'crast-0123456789abcdef')).toBe(hash);
  });

  it('tells apart where the instance key ends and the TaskId begins', () => {
    expect(taskIdHash('a', 'bc')).not.toBe(taskIdHash('ab', 'c'));
    expect(taskIdHash('cn-hangzhou/cri-a', 'crast-1')).not.toBe(taskIdHash('cn-hangzhou/cri-b', 'crast-1'));
  });

  it('has no collision over 100,000 similar TaskIds of 100 instances, and uses the high bits', () => {
    const hashes = new Set<number>();
    let highBitsSeen = 0;
    for (let instance = 0; instance < 100; instance++) {
      for (let task = 0; task < 1000; task++) {
        const hash = taskIdHash(`cn-hangzhou/cri-${instance}`, `crast-${task.toString(36).padStart(8, '0')}`);
        hashes.add(hash);
        if (hash >= 2 ** 52) highBitsSeen++;
      }
    }

    expect(hashes.size).toBe(100_000);
    // About half of uniformly spread 53-bit values are >= 2^52.
    expect(highBitsSeen).toBeGreaterThan(47_000);
    expect(highBitsSeen).toBeLessThan(53_000);
  });
});
