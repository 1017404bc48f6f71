import type { Registry } from 'prom-client';
import type { LabelNames, MetricKey } from '../metric-names.js';
import { createGauges, type Gauges } from './metric-gauges.js';
import type { SubscriptionRule } from '../model/subscription-rule.js';
import type { InstanceSnapshot } from './snapshot.js';
import { ruleLastTaskStarts } from './rule-last-task-start.js';

const MS_PER_SECOND = 1000;

/** The per-snapshot rule gauges, in exposition order (after the task and health gauges of render-snapshot.ts). */
const RULE_METRIC_KEYS = [
  'rules',
  'ruleInfo',
  'ruleCreated',
  'ruleLastTaskStart',
  'rulesRefreshSuccess',
  'rulesLastRefreshSuccess',
] as const satisfies readonly MetricKey[];

export type RuleGauges = Gauges<(typeof RULE_METRIC_KEYS)[number]>;

/** Registers the rule gauges on a snapshot's fresh registry. */
export function createRuleGauges(registry: Registry): RuleGauges {
  return createGauges(registry, RULE_METRIC_KEYS);
}

/**
 * An instance's rule series. Nothing when its rules were never listed; the refresh health alone when no
 * good listing is kept. The last task start joins the rules with the instance's task summary (absent while
 * the instance has no task data, or the rule's target has no task: see rule-last-task-start.ts).
 * Rule strings are trimmed and kept as they are, an empty one included (a namespace-wide rule's
 * repository=""), unlike the task labels' NONE: tag_count="" means the rule sets no "first N tags".
 */
export function fillRules(gauges: RuleGauges, instance: InstanceSnapshot): void {
  const { rules } = instance;
  if (!rules) return;
  const target = { region: instance.region, instance_id: instance.instanceId };
  gauges.rulesRefreshSuccess.set(target, rules.refreshSuccess ? 1 : 0);
  if (rules.lastSuccessTimeMs !== undefined) gauges.rulesLastRefreshSuccess.set(target, rules.lastSuccessTimeMs / MS_PER_SECOND);
  if (!rules.rules) return;
  gauges.rules.set(target, rules.rules.length);
  const lastTaskStarts = ruleLastTaskStarts(rules.rules, instance.tasks?.repositories ?? []);
  for (const rule of rules.rules) {
    const ruleLabels = { ...target, rule_id: rule.ruleId };
    gauges.ruleInfo.set({ ...target, ...ruleInfoLabels(rule) }, 1);
    if (rule.createTimeMs !== undefined) gauges.ruleCreated.set(ruleLabels, rule.createTimeMs / MS_PER_SECOND);
    const lastTaskStartMs = lastTaskStarts.get(rule.ruleId);
    if (lastTaskStartMs !== undefined) gauges.ruleLastTaskStart.set(ruleLabels, lastTaskStartMs / MS_PER_SECOND);
  }
}

/** The rule's own labels of acr_subscription_rule_info. Platforms are sorted, so that an API reordering them is no new series. */
function ruleInfoLabels(rule: SubscriptionRule): Record<Exclude<LabelNames<'ruleInfo'>, 'region' | 'instance_id'>, string> {
  return {
    rule_id: rule.ruleId,
    namespace: rule.namespaceName.trim(),
    repository: rule.repoName.trim(),
    source_provider: rule.sourceProvider.trim(),
    source_namespace: rule.sourceNamespaceName.trim(),
    source_repository: rule.sourceRepoName.trim(),
    tag_regexp: rule.tagRegexp,
    tag_count: rule.tagCount === undefined ? '' : String(rule.tagCount),
    platforms: rule.platform.map((platform) => platform.trim()).filter((platform) => platform !== '').sort().join(','),
    override: String(rule.override),
    accelerate: String(rule.accelerate),
  };
}
