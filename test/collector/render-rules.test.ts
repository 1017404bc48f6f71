import { describe, expect, it } from '@jest/globals';
import type { InstanceTaskSummary } from '../../src/collector/instance-summary.js';
import type { InstanceRules } from '../../src/collector/instance-rules.js';
import { buildSnapshotRegistry } from '../../src/collector/render-snapshot.js';
import type { InstanceSnapshot } from '../../src/collector/snapshot.js';
import type { SubscriptionRule } from '../../src/model/subscription-rule.js';
import { findSamples, parseExposition, sampleValue } from '../support/exposition.js';
import { subscriptionRule } from '../support/subscription-rule.js';

const T0_MS = 1_704_067_200_000;
const TARGET = { region: 'cn-hangzhou', instance_id: 'cri-a' };

function rule(ruleId: string, fields: Partial<SubscriptionRule> = {}): SubscriptionRule {
  return subscriptionRule(ruleId, {
    tagRegexp: '^v[0-9]+$',
    tagCount: 20,
    platform: ['linux/arm64', 'linux/amd64'],
    override: true,
    createTimeMs: T0_MS - 86_400_000,
    modifiedTimeMs: T0_MS,
    ...fields,
  });
}

const TASKS: InstanceTaskSummary = {
  tasksByStatusResult: [{ status: 'COMPLETED', result: 'SUCCESS', count: 1 }],
  oldestInProgressStartTimeMs: undefined,
  repositories: [
    {
      namespace: 'mirror',
      repository: 'nginx',
      lastTask: { startTimeMs: T0_MS + 1500, sourceProvider: 'DOCKER_HUB', sourceNamespace: 'library', sourceRepository: 'nginx', taskType: 'AUTO', status: 'COMPLETED', result: 'SUCCESS' },
      lastFinished: { tagTotalCount: 4, tagSubscriptionCount: 4, durationSeconds: 30, taskId: 'crast-nginx-1', result: 'SUCCESS', endTimeMs: T0_MS + 31_500, message: '' },
      lastSuccessEndTimeMs: T0_MS + 31_500,
    },
  ],
  tasksListed: 1,
  finishedResults: ['SUCCESS'],
  invalidTasks: [],
};

function instance(rules: InstanceRules | undefined): InstanceSnapshot {
  return {
    region: 'cn-hangzhou',
    instanceId: 'cri-a',
    info: undefined,
    collectSuccess: true,
    collectDurationSeconds: 1,
    lastSuccessTimeMs: T0_MS,
    tasks: TASKS,
    error: undefined,
    ...(rules ? { rules } : {}),
  };
}

async function render(snapshot: InstanceSnapshot) {
  return parseExposition(await buildSnapshotRegistry({ takenAtMs: T0_MS, instances: [snapshot], shard: { index: 0, total: 1 } }).metrics());
}

const RULE_FAMILIES = /^acr_(subscription_rule|exporter_rules)/;

describe('rule series', () => {
  it('renders the count, one info series per rule with its settings, the created time and the last task start of its repository', async () => {
    const rules = [rule('r-nginx'), rule('r-busybox', { repoName: 'busybox', sourceRepoName: 'busybox', tagCount: undefined, platform: [], override: false, accelerate: true, createTimeMs: undefined })];

    const samples = await render(instance({ rules, refreshSuccess: true, lastSuccessTimeMs: T0_MS + 500, error: undefined }));

    expect(sampleValue(samples, 'acr_subscription_rules', TARGET)).toBe(2);
    expect(findSamples(samples, 'acr_subscription_rule_info').map((sample) => [sample.labels, sample.value])).toEqual([
      [
        { ...TARGET, rule_id: 'r-nginx', namespace: 'mirror', repository: 'nginx', source_provider: 'DOCKER_HUB', source_namespace: 'library', source_repository: 'nginx', tag_regexp: '^v[0-9]+$', tag_count: '20', platforms: 'linux/amd64,linux/arm64', override: 'true', accelerate: 'false' },
        1,
      ],
      [
        { ...TARGET, rule_id: 'r-busybox', namespace: 'mirror', repository: 'busybox', source_provider: 'DOCKER_HUB', source_namespace: 'library', source_repository: 'busybox', tag_regexp: '^v[0-9]+$', tag_count: '', platforms: '', override: 'false', accelerate: 'true' },
        1,
      ],
    ]);
    expect(findSamples(samples, 'acr_subscription_rule_created_timestamp_seconds').map((sample) => [sample.labels['rule_id'], sample.value])).toEqual([['r-nginx', (T0_MS - 86_400_000) / 1000]]);
    expect(findSamples(samples, 'acr_subscription_rule_last_task_start_timestamp_seconds').map((sample) => [sample.labels, sample.value])).toEqual([
      [{ ...TARGET, rule_id: 'r-nginx' }, (T0_MS + 1500) / 1000],
    ]);
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', TARGET)).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_rules_last_refresh_success_timestamp_seconds', TARGET)).toBe((T0_MS + 500) / 1000);
  });

  it('renders no rule series for an instance whose rules were never listed', async () => {
    const samples = await render(instance(undefined));

    expect(samples.filter((sample) => RULE_FAMILIES.test(sample.name))).toEqual([]);
  });

  it('renders only the refresh health of an instance whose rules are not kept', async () => {
    const samples = await render(instance({ rules: undefined, refreshSuccess: false, lastSuccessTimeMs: T0_MS, error: { code: 'NoPrivilege', message: 'denied' } }));

    expect(samples.filter((sample) => RULE_FAMILIES.test(sample.name)).map((sample) => [sample.name, sample.value])).toEqual([
      ['acr_exporter_rules_refresh_success', 0],
      ['acr_exporter_rules_last_refresh_success_timestamp_seconds', T0_MS / 1000],
    ]);
  });

  it('renders kept rules without a last task start while the instance has no task data', async () => {
    const kept: InstanceRules = { rules: [rule('r-nginx')], refreshSuccess: false, lastSuccessTimeMs: T0_MS, error: { code: 'NoPrivilege', message: 'denied' } };

    const samples = await render({ ...instance(kept), collectSuccess: false, tasks: undefined });

    expect(sampleValue(samples, 'acr_subscription_rules', TARGET)).toBe(1);
    expect(findSamples(samples, 'acr_subscription_rule_info')).toHaveLength(1);
    expect(findSamples(samples, 'acr_subscription_rule_last_task_start_timestamp_seconds')).toEqual([]);
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', TARGET)).toBe(0);
  });

  it('escapes a tag regular expression as a label value, so the exposition stays parseable', async () => {
    const samples = await render(instance({ rules: [rule('r1', { tagRegexp: '^"quoted"\\d+\n$' })], refreshSuccess: true, lastSuccessTimeMs: T0_MS, error: undefined }));

    expect(findSamples(samples, 'acr_subscription_rule_info')[0]?.labels['tag_regexp']).toBe('^"quoted"\\d+\n$');
  });
});
