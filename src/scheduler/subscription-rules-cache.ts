import type { Clock } from '../clock.js';
import type { InstanceRules } from '../collector/instance-rules.js';
import type { InstanceSnapshot } from '../collector/snapshot.js';
import type { CollectionConfig } from '../config/types.js';
import { targetKey, type InstanceTarget } from '../discovery/instance-target.js';
import type { Logger } from '../logger.js';
import type { SubscriptionRule } from '../model/subscription-rule.js';
import { describeError } from './instance-states.js';

/** What the rules cache needs of the API: every page of ListArtifactSubscriptionRule for one instance. */
export interface RuleLister {
  listSubscriptionRules(region: string, instanceId: string): AsyncIterable<readonly SubscriptionRule[]>;
}

/** What a reload may change: the refresh interval and how long rules of a failing refresh are kept. */
export type RulesCacheSettings = Pick<CollectionConfig, 'rulesInterval' | 'keepStaleData'>;

interface RulesState {
  /** The last good listing; undefined before the first one succeeded. */
  rules: readonly SubscriptionRule[] | undefined;
  /** When the last listing started: the next one is due `rulesInterval` later, whatever its outcome. */
  lastAttemptMs: number;
  lastSuccessTimeMs: number | undefined;
  /** When the first failed listing after the last success finished; undefined while the last listing succeeded. */
  failingSinceMs: number | undefined;
  error: { code: string; message: string } | undefined;
  inFlight: boolean;
}

/**
 * The subscription rules of each instance, listed at most once per collection.rulesInterval and kept in
 * between. Rules change when someone edits them, tasks every few minutes: listing them with every
 * collection would double the exporter's API calls for nothing.
 *
 * A listing is due when none was ever started, or `rulesInterval` after the last one started, whether it
 * succeeded or not (a denied action costs one call per interval, not one per collection). A failed listing
 * keeps the last good rules for collection.keepStaleData from the first failure (0: dropped at once), then
 * drops them until a listing succeeds again; every failure is logged once, at warn. Every listing goes
 * through the process' one API client, so it shares the rate limit and retries and is counted in
 * acr_exporter_api_requests_total{action="ListArtifactSubscriptionRule"}.
 */
export class SubscriptionRulesCache {
  private readonly states = new Map<string, RulesState>();

  constructor(
    private settings: RulesCacheSettings,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {}

  /** Takes effect from the next refresh and the next view. */
  reconfigure(settings: RulesCacheSettings): void {
    this.settings = settings;
  }

  /** Lists the instance's rules if a listing is due; never rejects (a failure is kept in the state). */
  async refresh(target: InstanceTarget, lister: RuleLister): Promise<void> {
    const { clock, logger } = this.deps;
    const key = targetKey(target);
    const startedAtMs = clock.now();
    const previous = this.states.get(key);
    if (previous && (previous.inFlight || startedAtMs - previous.lastAttemptMs < this.settings.rulesInterval)) return;
    const state: RulesState = previous ?? {
      rules: undefined,
      lastAttemptMs: startedAtMs,
      lastSuccessTimeMs: undefined,
      failingSinceMs: undefined,
      error: undefined,
      inFlight: false,
    };
    state.lastAttemptMs = startedAtMs;
    state.inFlight = true;
    this.states.set(key, state);
    try {
      const rules = await listAll(lister, target);
      state.rules = rules;
      state.lastSuccessTimeMs = clock.now();
      state.failingSinceMs = undefined;
      state.error = undefined;
    } catch (error) {
      state.error = describeError(error);
      state.failingSinceMs ??= clock.now();
      logger.warn(
        { region: target.region, instanceId: target.instanceId, error: state.error, rulesKept: this.kept(state, clock.now()) !== undefined },
        'subscription rules listing failed',
      );
    } finally {
      state.inFlight = false;
    }
  }

  /** The instance's rules at `nowMs`; undefined when no listing of them has finished yet. */
  viewOf(target: Pick<InstanceTarget, 'region' | 'instanceId'>, nowMs: number): InstanceRules | undefined {
    const state = this.states.get(targetKey(target));
    if (!state || (state.lastSuccessTimeMs === undefined && state.error === undefined)) return undefined;
    return {
      rules: this.kept(state, nowMs),
      refreshSuccess: state.error === undefined,
      lastSuccessTimeMs: state.lastSuccessTimeMs,
      error: state.error,
    };
  }

  /** The snapshots with their instances' rules at `nowMs`. */
  attachTo(instances: readonly InstanceSnapshot[], nowMs: number): InstanceSnapshot[] {
    return instances.map((instance) => {
      const rules = this.viewOf(instance, nowMs);
      return rules ? { ...instance, rules } : instance;
    });
  }

  /** The instance is no longer collected: its rules go with it. */
  forget(target: Pick<InstanceTarget, 'region' | 'instanceId'>): void {
    this.states.delete(targetKey(target));
  }

  private kept(state: RulesState, nowMs: number): readonly SubscriptionRule[] | undefined {
    if (state.failingSinceMs === undefined) return state.rules;
    const keepMs = this.settings.keepStaleData;
    return keepMs > 0 && nowMs - state.failingSinceMs <= keepMs ? state.rules : undefined;
  }
}

/** Every page, one rule per RuleId (a rule repeated by a page shift counts once), in listing order. */
async function listAll(lister: RuleLister, target: InstanceTarget): Promise<SubscriptionRule[]> {
  const byId = new Map<string, SubscriptionRule>();
  for await (const page of lister.listSubscriptionRules(target.region, target.instanceId)) {
    for (const rule of page) if (!byId.has(rule.ruleId)) byId.set(rule.ruleId, rule);
  }
  return [...byId.values()];
}
