import { describe, it, expect } from '@jest/globals';
import { parseSubscriptionRule } from '../../src/api/parse-subscription-rule.js';

describe('parseSubscriptionRule', () => {
  it('reads a rule of ListArtifactSubscriptionRule', () => {
    const raw = {
      RuleId: 'crasr-1',
      InstanceId: 'cri-1',
      NamespaceName: 'ns',
      RepoName: 'nginx',
      SourceProvider: 'DOCKER_HUB',
      SourceNamespaceName: 'library',
      SourceRepoName: 'nginx',
      TagRegexp: '^1\\.2',
      TagCount: 10,
      Platform: ['linux/amd64'],
      Override: true,
      Accelerate: 'false',
      CreateTime: 1695348301000,
      ModifiedTime: '1695348302000',
    };

    expect(parseSubscriptionRule(raw)).toEqual({
      ruleId: 'crasr-1',
      instanceId: 'cri-1',
      namespaceName: 'ns',
      repoName: 'nginx',
      sourceProvider: 'DOCKER_HUB',
      sourceNamespaceName: 'library',
      sourceRepoName: 'nginx',
      tagRegexp: '^1\\.2',
      tagCount: 10,
      platform: ['linux/amd64'],
      override: true,
      accelerate: false,
      createTimeMs: 1695348301000,
      modifiedTimeMs: 1695348302000,
    });
  });

  it('drops a rule without RuleId and tolerates missing fields', () => {
    expect(parseSubscriptionRule({ RepoName: 'x' })).toBeUndefined();
    expect(parseSubscriptionRule({ RuleId: 'crasr-2', TagCount: 'x' })).toMatchObject({ ruleId: 'crasr-2', tagCount: undefined, platform: [], override: false });
  });
});
