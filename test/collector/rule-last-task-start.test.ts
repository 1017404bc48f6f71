import { describe, expect, it } from '@jest/globals';
import type { RepositorySummary } from '../../src/collector/instance-summary.js';
import { ruleLastTaskStarts } from '../../src/collector/rule-last-task-start.js';
import type { SubscriptionRule } from '../../src/model/subscription-rule.js';
import { subscriptionRule } from '../support/subscription-rule.js';

const T0_MS = 1_704_067_200_000;

function rule(ruleId: string, fields: Partial<SubscriptionRule> = {}): SubscriptionRule {
  return subscriptionRule(ruleId, fields);
}

function repository(namespace: string, name: string, startTimeMs: number | undefined, source = { provider: 'DOCKER_HUB', namespace: 'library', repository: name }): RepositorySummary {
  return {
    namespace,
    repository: name,
    lastTask: {
      startTimeMs,
      sourceProvider: source.provider,
      sourceNamespace: source.namespace,
      sourceRepository: source.repository,
      taskType: 'AUTO',
      status: 'COMPLETED',
      result: 'SUCCESS',
    },
    lastFinished: undefined,
    lastSuccessEndTimeMs: undefined,
  };
}

describe('ruleLastTaskStarts', () => {
  it("gives each rule the newest task start of its target repository, and none to a rule whose repository has no task", () => {
    const repositories = [repository('mirror', 'nginx', T0_MS + 5000), repository('mirror', 'redis', T0_MS), repository('other', 'busybox', T0_MS + 9000)];

    const starts = ruleLastTaskStarts([rule('r-nginx'), rule('r-redis', { repoName: 'redis', sourceRepoName: 'redis' }), rule('r-busybox', { repoName: 'busybox' })], repositories);

    expect(Object.fromEntries(starts)).toEqual({ 'r-nginx': T0_MS + 5000, 'r-redis': T0_MS });
  });

  it('matches the target as the task labels name it (trimmed), whatever the rule says of its source', () => {
    const repositories = [repository('mirror', 'nginx', T0_MS, { provider: 'QUAY', namespace: 'elsewhere', repository: 'other' })];

    const starts = ruleLastTaskStarts([rule('r1', { namespaceName: ' mirror ', repoName: 'nginx ' })], repositories);

    expect(starts.get('r1')).toBe(T0_MS);
  });

  it('has no entry for a target whose newest task has no known StartTime', () => {
    expect(ruleLastTaskStarts([rule('r1')], [repository('mirror', 'nginx', undefined)]).size).toBe(0);
  });

  it('matches a rule without a RepoName to the repositories of its namespace fed from its own source, the newest of them', () => {
    const pause = { provider: 'GCR', namespace: 'google-containers', repository: 'pause' };
    const repositories = [
      repository('gcr', 'pause', T0_MS + 1000, pause),
      repository('gcr', 'pause-copy', T0_MS + 2000, pause),
      repository('gcr', 'kube-proxy', T0_MS + 9000, { provider: 'GCR', namespace: 'google-containers', repository: 'kube-proxy' }),
      repository('mirror', 'pause', T0_MS + 8000, pause),
    ];
    const namespaceWide = rule('r-wide', { namespaceName: 'gcr', repoName: ' ', sourceProvider: 'GCR', sourceNamespaceName: 'google-containers', sourceRepoName: 'pause' });
    const unfed = rule('r-unfed', { namespaceName: 'gcr', repoName: '', sourceProvider: 'QUAY', sourceNamespaceName: 'coreos', sourceRepoName: 'etcd' });

    const starts = ruleLastTaskStarts([namespaceWide, unfed], repositories);

    expect(Object.fromEntries(starts)).toEqual({ 'r-wide': T0_MS + 2000 });
  });
});
