import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_SEEN_TASK_IDS_MAX, SeenTaskIds } from '../../src/collector/seen-task-ids.js';
import { targetKey } from '../../src/discovery/collection-target.js';

describe('SeenTaskIds', () => {
  it('says a TaskId is new once, then known', () => {
    const seen = new SeenTaskIds(10);
    expect(seen.markSeen('cn-hangzhou/cri-a', 'crast-1')).toBe(true);
    expect(seen.markSeen('cn-hangzhou/cri-a', 'crast-1')).toBe(false);
    expect(seen.has('cn-hangzhou/cri-a', 'crast-1')).toBe(true);
    expect(seen.size).toBe(1);
  });

  it('scopes TaskIds by instance', () => {
    const seen = new SeenTaskIds(10);
    seen.markSeen(targetKey({ region: 'cn-hangzhou', instanceId: 'cri-a' }), 'crast-1');
    expect(seen.markSeen(targetKey({ region: 'cn-hangzhou', instanceId: 'cri-b' }), 'crast-1')).toBe(true);
    expect(seen.markSeen(targetKey({ region: 'cn-beijing', instanceId: 'cri-a' }), 'crast-1')).toBe(true);
  });

  it('evicts the least recently seen beyond its bound, which then counts as new again', () => {
    const seen = new SeenTaskIds(2);
    seen.markSeen('i', 't1');
    seen.markSeen('i', 't2');
    seen.markSeen('i', 't3'); // evicts t1
    expect(seen.size).toBe(2);
    expect(seen.has('i', 't1')).toBe(false);
    expect(seen.markSeen('i', 't1')).toBe(true); // counted again; evicts t2
    expect(seen.has('i', 't2')).toBe(false);
    expect(seen.has('i', 't3')).toBe(true);
  });

  it('keeps a task that is seen again (still listed) over one that is not', () => {
    const seen = new SeenTaskIds(2);
    seen.markSeen('i', 'still-listed');
    seen.markSeen('i', 'gone');
    seen.markSeen('i', 'still-listed'); // next collection lists it again
    seen.markSeen('i', 'new');
    expect(seen.has('i', 'still-listed')).toBe(true);
    expect(seen.has('i', 'gone')).toBe(false);
  });

  it('has() does not change what is evicted next', () => {
    const seen = new SeenTaskIds(2);
    seen.markSeen('i', 't1');
    seen.markSeen('i', 't2');
    expect(seen.has('i', 't1')).toBe(true);
    seen.markSeen('i', 't3');
    expect(seen.has('i', 't1')).toBe(false);
  });

  it('defaults to 200,000 and rejects a bound below 1', () => {
    expect(new SeenTaskIds().max).toBe(DEFAULT_SEEN_TASK_IDS_MAX);
    expect(DEFAULT_SEEN_TASK_IDS_MAX).toBe(200_000);
    expect(() => new SeenTaskIds(0)).toThrow(ConfigError);
    expect(() => new SeenTaskIds(1.5)).toThrow('collection.seenTaskIdsMax: got 1.5, allowed: an integer >= 1');
  });
});
