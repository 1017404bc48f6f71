import { describe, it, expect } from '@jest/globals';
import { parseTaskTagResult } from '../../src/api/parse-task-tag-result.js';

describe('parseTaskTagResult', () => {
  it('reads a per-tag result of GetArtifactSubscriptionTaskResult', () => {
    const raw = {
      InstanceId: 'cri-1',
      TaskId: 'crast-1',
      RepoName: 'test-repo',
      NamespaceName: 'test-ns',
      Tag: 'v2.0',
      Status: 'COMPLETED',
      Result: 'SUCCESS',
      StartTime: 1691719501000,
      EndTime: '1692756630000',
    };

    expect(parseTaskTagResult(raw)).toEqual({
      tag: 'v2.0',
      status: 'COMPLETED',
      result: 'SUCCESS',
      startTimeMs: 1691719501000,
      endTimeMs: 1692756630000,
      namespaceName: 'test-ns',
      repoName: 'test-repo',
    });
  });

  it('drops an entry that is not an object', () => {
    expect(parseTaskTagResult('v2.0')).toBeUndefined();
  });
});
