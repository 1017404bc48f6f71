/**
 * The wiring of subscription rules into a collection: each instance's rules are refreshed inside its
 * collection slot (bounded by collection.concurrency like its tasks), attached to the snapshots, and
 * forgotten with the instance.
 */
import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ManualClock } from '../../src/clock.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { snapshotPreparer } from '../../src/collector/snapshot-exposition.js';
import type { InstanceTarget } from '../../src/discovery/instance-target.js';
import type { SubscriptionRule } from '../../src/model/subscription-rule.js';
import type { SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import { collectTargets, type TaskLister } from '../../src/scheduler/collect-targets.js';
import { Collection } from '../../src/scheduler/collection.js';
import { SubscriptionRulesCache, type RuleLister } from '../../src/scheduler/subscription-rules-cache.js';
import { silentLogger } from '../support/silent-logger.js';
import { subscriptionRule } from '../support/subscription-rule.js';

const REGION = 'cn-hangzhou';
const MINUTE_MS = 60_000;

function rule(instanceId: string, ruleId: string): SubscriptionRule {
  return subscriptionRule(ruleId, { instanceId });
}

/** Lists no task and one rule per instance, and records what starts and ends, in order. */
class RecordingLister implements TaskLister, RuleLister {
  readonly apiCalls = 0;
  readonly events: string[] = [];

  forgetInstance(): void {}

  async *listSubscriptionTasks(_region: string, instanceId: string): AsyncGenerator<SubscriptionTaskPage> {
    this.events.push(`tasks ${instanceId}`);
    await new Promise((resolve) => setImmediate(resolve));
    yield { pageNo: 1, tasks: [], invalid: [] };
  }

  async *listSubscriptionRules(_region: string, instanceId: string): AsyncGenerator<SubscriptionRule[]> {
    this.events.push(`rules ${instanceId} start`);
    // Slower than the task listing: the slot must wait for it.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    this.events.push(`rules ${instanceId} end`);
    yield [rule(instanceId, `${instanceId}-rule`)];
  }
}

const targetsOf = (...instanceIds: string[]): InstanceTarget[] => instanceIds.map((instanceId) => ({ region: REGION, instanceId, info: undefined }));

describe('rules in a collection', () => {
  it('refreshes an instance\'s rules beside its tasks, inside its concurrency slot', async () => {
    const clock = new ManualClock(0);
    const lister = new RecordingLister();
    const rules = new SubscriptionRulesCache({ rulesInterval: 10 * MINUTE_MS, keepStaleData: 15 * MINUTE_MS }, { clock, logger: silentLogger });

    await collectTargets(targetsOf('cri-a', 'cri-b'), {
      lister,
      concurrency: 1,
      inProgressStatuses: new Set(['RUNNING']),
      completions: new CompletionTracker(100),
      metrics: new ExporterMetrics(new Registry(), { version: 'test' }),
      clock,
      refreshRules: (target) => rules.refresh(target, lister),
    });

    expect(lister.events).toEqual(['rules cri-a start', 'tasks cri-a', 'rules cri-a end', 'rules cri-b start', 'tasks cri-b', 'rules cri-b end']);
  });

  it('publishes each instance with its rules and forgets the rules of an instance no longer collected', async () => {
    const clock = new ManualClock(1_000_000);
    const lister = new RecordingLister();
    const registry = new Registry();
    const targets = targetsOf('cri-a', 'cri-gone');
    const rules = new SubscriptionRulesCache({ rulesInterval: 10 * MINUTE_MS, keepStaleData: 15 * MINUTE_MS }, { clock, logger: silentLogger });
    const collection = new Collection({
      discovery: { discover: async () => ({ targets: [...targets], discoveredCount: targets.length, failures: [] }) },
      lister,
      ruleLister: lister,
      rules,
      metrics: new ExporterMetrics(registry, { version: 'test' }),
      completions: new CompletionTracker(100),
      prepare: snapshotPreparer(registry),
      config: { concurrency: 4, inProgressStatuses: ['RUNNING'], keepStaleData: 15 * MINUTE_MS },
      shard: { index: 0, total: 1 },
      clock,
      logger: silentLogger,
    });

    const first = await collection.run();
    expect(first.instances.map((instance) => [instance.instanceId, instance.rules?.rules?.map((r) => r.ruleId)])).toEqual([
      ['cri-a', ['cri-a-rule']],
      ['cri-gone', ['cri-gone-rule']],
    ]);
    expect(first.exposition?.identity.toString('utf8') ?? '').toContain('acr_subscription_rules{region="cn-hangzhou",instance_id="cri-gone"} 1');

    targets.splice(1, 1);
    await collection.run();
    expect(rules.viewOf({ region: REGION, instanceId: 'cri-gone' }, clock.now())).toBeUndefined();
    expect(rules.viewOf({ region: REGION, instanceId: 'cri-a' }, clock.now())?.rules).toHaveLength(1);
  });
});
