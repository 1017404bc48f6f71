import type { SubscriptionRule } from '../../src/model/subscription-rule.js';

/** A subscription rule of instance cri-a mirroring docker.io library/nginx into mirror/nginx, all tags; `fields` override. */
export function subscriptionRule(ruleId: string, fields: Partial<SubscriptionRule> = {}): SubscriptionRule {
  return {
    ruleId,
    instanceId: 'cri-a',
    namespaceName: 'mirror',
    repoName: 'nginx',
    sourceProvider: 'DOCKER_HUB',
    sourceNamespaceName: 'library',
    sourceRepoName: 'nginx',
    tagRegexp: '.*',
    tagCount: undefined,
    platform: [],
    override: false,
    accelerate: false,
    createTimeMs: undefined,
    modifiedTimeMs: undefined,
    ...fields,
  };
}
