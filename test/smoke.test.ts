import pLimit from 'p-limit';
import { LRUCache } from 'lru-cache';
import openapi from '@alicloud/openapi-core';
import { describe, expect, it } from '@jest/globals';

describe('esm toolchain', () => {
  it('loads ESM-only and CJS packages', async () => {
    const limit = pLimit(1);
    expect(await limit(async () => 2)).toBe(2);
    expect(new LRUCache<string, number>({ max: 1 }).max).toBe(1);
    expect(typeof openapi.default).toBe('function');
  });
});
