import { describe, it, expect } from '@jest/globals';
import { ApiError } from '../../src/errors.js';
import { readListBody } from '../../src/api/read-list-body.js';

const context = { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-1' } as const;

describe('readListBody', () => {
  it('returns the entries with TotalCount and PageSize read as numbers', () => {
    expect(readListBody({ Tasks: [{ TaskId: 'a' }], TotalCount: '5', PageSize: 100 }, 'Tasks', context)).toEqual({
      entries: [{ TaskId: 'a' }],
      totalCount: 5,
      pageSize: 100,
    });
  });

  it('rejects a list that is not an array as an invalid response naming the field', () => {
    const error = (() => {
      try {
        readListBody({ Tasks: 'oops', RequestId: 'req-3' }, 'Tasks', context);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', requestId: 'req-3', action: 'ListArtifactSubscriptionTask', instanceId: 'cri-1' });
    expect((error as ApiError).detail).toBe('Tasks is not an array (string)');
  });

  it('rejects an absent list unless TotalCount says the listing is empty', () => {
    expect(() => readListBody({ TotalCount: 3 }, 'Tasks', context)).toThrow('Tasks is not an array (absent)');
    expect(readListBody({ TotalCount: 0 }, 'Tasks', context)).toEqual({ entries: [], totalCount: 0, pageSize: undefined });
  });
});
