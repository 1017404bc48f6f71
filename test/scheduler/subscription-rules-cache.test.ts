import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import type { InstanceSnapshot } from '../../src/collector/snapshot.js';
import type { InstanceTarget } from '../../src/discovery/instance-target.js';
import { ApiError } from '../../src/errors.js';
import type { SubscriptionRule } from '../../src/model/subscription-rule.js';
import { SubscriptionRulesCache, type RuleLister } from '../../src/scheduler/subscription-rules-cache.js';
import { recordingLogger } from '../support/recording-logger.js';
import { silentLogger } from '../support/silent-logger.js';
import { subscriptionRule } from '../support/subscription-rule.js';

const MINUTE_MS = 60_000;
const RULES_INTERVAL_MS = 10 * MINUTE_MS;
const KEEP_STALE_DATA_MS = 15 * MINUTE_MS;
const T0_MS = 1_704_067_200_000;

const TARGET: InstanceTarget = { region: 'cn-hangzhou', instanceId: 'cri-a', info: undefined };
const OTHER: InstanceTarget = { region: 'cn-hangzhou', instanceId: 'cri-b', info: undefined };

function rule(ruleId: string, repoName = ruleId): SubscriptionRule {
  return subscriptionRule(ruleId, { repoName, sourceRepoName: repoName, tagCount: 10, platform: ['linux/amd64'], createTimeMs: T0_MS, modifiedTimeMs: T0_MS });
}

/** Serves the pages set per instance, or fails with `failure`; counts listings per instance. */
class FakeRuleLister implements RuleLister {
  readonly pages = new Map<string, SubscriptionRule[][]>();
  readonly listings = new Map<string, number>();
  failure: Error | undefined;
  /** Set to hold listings open until release() is called. */
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async *listSubscriptionRules(_region: string, instanceId: string): AsyncGenerator<SubscriptionRule[]> {
    this.listings.set(instanceId, (this.listings.get(instanceId) ?? 0) + 1);
    if (this.gate) await this.gate;
    const pages = this.pages.get(instanceId) ?? [];
    for (const [index, page] of pages.entries()) {
      // A failure after the first page: what was read of a failed listing must not be served.
      if (this.failure && index > 0) throw this.failure;
      yield page;
    }
    if (this.failure) throw this.failure;
  }
}

function setup(settings: { rulesInterval?: number; keepStaleData?: number } = {}) {
  const clock = new ManualClock(T0_MS);
  const lister = new FakeRuleLister();
  lister.pages.set('cri-a', [[rule('r1'), rule('r2')], [rule('r3')]]);
  const cache = new SubscriptionRulesCache(
    { rulesInterval: settings.rulesInterval ?? RULES_INTERVAL_MS, keepStaleData: settings.keepStaleData ?? KEEP_STALE_DATA_MS },
    { clock, logger: silentLogger },
  );
  return { clock, lister, cache };
}

const denied = () =>
  new ApiError({ kind: 'auth', action: 'ListArtifactSubscriptionRule', region: 'cn-hangzhou', instanceId: 'cri-a', code: 'NoPrivilege', message: 'Forbidden', statusCode: 403 });
const DENIED = { code: 'NoPrivilege', message: 'ListArtifactSubscriptionRule cn-hangzhou/cri-a failed: NoPrivilege HTTP 403: Forbidden' };
const ruleIds = (cache: SubscriptionRulesCache, nowMs: number) => cache.viewOf(TARGET, nowMs)?.rules?.map((r) => r.ruleId);

describe('SubscriptionRulesCache', () => {
  it('knows nothing of an instance before its first listing', () => {
    const { clock, cache } = setup();

    expect(cache.viewOf(TARGET, clock.now())).toBeUndefined();
  });

  it('lists every page on the first refresh and serves the rules with their listing time', async () => {
    const { clock, lister, cache } = setup();

    await cache.refresh(TARGET, lister);

    expect(cache.viewOf(TARGET, clock.now())).toEqual({
      rules: [rule('r1'), rule('r2'), rule('r3')],
      refreshSuccess: true,
      lastSuccessTimeMs: T0_MS,
      error: undefined,
    });
  });

  it('does not list again before rulesInterval has passed since the last listing started, and lists again once it has', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    lister.pages.set('cri-a', [[rule('r1')]]);

    await clock.advance(RULES_INTERVAL_MS - 1);
    await cache.refresh(TARGET, lister);
    expect(lister.listings.get('cri-a')).toBe(1);
    expect(ruleIds(cache, clock.now())).toEqual(['r1', 'r2', 'r3']);

    await clock.advance(1);
    await cache.refresh(TARGET, lister);
    expect(lister.listings.get('cri-a')).toBe(2);
    expect(cache.viewOf(TARGET, clock.now())).toMatchObject({ rules: [rule('r1')], lastSuccessTimeMs: T0_MS + RULES_INTERVAL_MS });
  });

  it('keeps each instance on its own schedule', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    await clock.advance(MINUTE_MS);

    await cache.refresh(OTHER, lister);
    await cache.refresh(TARGET, lister);

    expect(Object.fromEntries(lister.listings)).toEqual({ 'cri-a': 1, 'cri-b': 1 });
    expect(cache.viewOf(OTHER, clock.now())).toMatchObject({ rules: [], refreshSuccess: true, lastSuccessTimeMs: T0_MS + MINUTE_MS });
  });

  it('counts a rule repeated by a page shift once', async () => {
    const { clock, lister, cache } = setup();
    lister.pages.set('cri-a', [[rule('r1'), rule('r2')], [rule('r2'), rule('r3')]]);

    await cache.refresh(TARGET, lister);

    expect(ruleIds(cache, clock.now())).toEqual(['r1', 'r2', 'r3']);
  });

  it('keeps the last good rules when a refresh fails, says so, and keeps the partial listing out', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    await clock.advance(RULES_INTERVAL_MS);
    lister.pages.set('cri-a', [[rule('new-1')], [rule('new-2')]]);
    lister.failure = denied();

    await cache.refresh(TARGET, lister);

    expect(cache.viewOf(TARGET, clock.now())).toEqual({
      rules: [rule('r1'), rule('r2'), rule('r3')],
      refreshSuccess: false,
      lastSuccessTimeMs: T0_MS,
      error: DENIED,
    });
  });

  it('waits rulesInterval after a failed listing too, then recovers on the next success', async () => {
    const { clock, lister, cache } = setup();
    lister.failure = denied();
    await cache.refresh(TARGET, lister);
    expect(cache.viewOf(TARGET, clock.now())).toEqual({ rules: undefined, refreshSuccess: false, lastSuccessTimeMs: undefined, error: DENIED });

    lister.failure = undefined;
    await clock.advance(RULES_INTERVAL_MS - 1);
    await cache.refresh(TARGET, lister);
    expect(lister.listings.get('cri-a')).toBe(1);

    await clock.advance(1);
    await cache.refresh(TARGET, lister);
    expect(cache.viewOf(TARGET, clock.now())).toMatchObject({ rules: [rule('r1'), rule('r2'), rule('r3')], refreshSuccess: true, error: undefined });
  });

  it('drops the kept rules keepStaleData after the first failed refresh, and serves them again after a success', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    await clock.advance(RULES_INTERVAL_MS);
    lister.failure = denied();
    await cache.refresh(TARGET, lister); // fails at T0 + 10m
    const failedAtMs = clock.now();
    await clock.advance(RULES_INTERVAL_MS);
    await cache.refresh(TARGET, lister); // fails again at T0 + 20m: the 15m count from the first failure

    expect(ruleIds(cache, failedAtMs + KEEP_STALE_DATA_MS)).toEqual(['r1', 'r2', 'r3']);
    expect(cache.viewOf(TARGET, failedAtMs + KEEP_STALE_DATA_MS + 1)).toEqual({
      rules: undefined,
      refreshSuccess: false,
      lastSuccessTimeMs: T0_MS,
      error: DENIED,
    });

    lister.failure = undefined;
    await clock.advance(RULES_INTERVAL_MS);
    await cache.refresh(TARGET, lister);
    expect(ruleIds(cache, clock.now())).toEqual(['r1', 'r2', 'r3']);
  });

  it('drops the rules at the first failure when keepStaleData is 0', async () => {
    const { clock, lister, cache } = setup({ keepStaleData: 0 });
    await cache.refresh(TARGET, lister);
    await clock.advance(RULES_INTERVAL_MS);
    lister.failure = denied();

    await cache.refresh(TARGET, lister);

    expect(cache.viewOf(TARGET, clock.now())).toMatchObject({ rules: undefined, refreshSuccess: false });
  });

  it('logs each failed refresh once, with the instance and the error code', async () => {
    const { logger, lines } = recordingLogger();
    const clock = new ManualClock(T0_MS);
    const lister = new FakeRuleLister();
    const cache = new SubscriptionRulesCache({ rulesInterval: RULES_INTERVAL_MS, keepStaleData: KEEP_STALE_DATA_MS }, { clock, logger });
    lister.failure = denied();

    await cache.refresh(TARGET, lister);
    await cache.refresh(TARGET, lister); // not due: no call, no line
    await clock.advance(RULES_INTERVAL_MS);
    await cache.refresh(TARGET, lister);

    const warnings = lines.filter((line) => line['msg'] === 'subscription rules listing failed');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ level: 40, region: 'cn-hangzhou', instanceId: 'cri-a', error: { code: 'NoPrivilege' }, rulesKept: false });
  });

  it('does not start a second listing of an instance while one is in flight', async () => {
    const { clock, lister, cache } = setup({ rulesInterval: 1 });
    lister.hold();
    const first = cache.refresh(TARGET, lister);
    await clock.advance(5);

    await cache.refresh(TARGET, lister);
    lister.release();
    await first;

    expect(lister.listings.get('cri-a')).toBe(1);
    expect(ruleIds(cache, clock.now())).toEqual(['r1', 'r2', 'r3']);
  });

  it('uses a new rulesInterval from the next refresh on', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    cache.reconfigure({ rulesInterval: MINUTE_MS, keepStaleData: KEEP_STALE_DATA_MS });

    await clock.advance(MINUTE_MS);
    await cache.refresh(TARGET, lister);

    expect(lister.listings.get('cri-a')).toBe(2);
  });

  it('attaches the rules to the snapshots of the instances it knows, and forgets an instance', async () => {
    const { clock, lister, cache } = setup();
    await cache.refresh(TARGET, lister);
    const snapshot = (target: InstanceTarget): InstanceSnapshot => ({
      region: target.region,
      instanceId: target.instanceId,
      info: undefined,
      collectSuccess: true,
      collectDurationSeconds: 1,
      lastSuccessTimeMs: T0_MS,
      tasks: undefined,
      error: undefined,
    });

    const attached = cache.attachTo([snapshot(TARGET), snapshot(OTHER)], clock.now());
    expect(attached[0]?.rules?.rules?.map((r) => r.ruleId)).toEqual(['r1', 'r2', 'r3']);
    expect(attached[1]).toEqual(snapshot(OTHER));

    cache.forget(TARGET);
    expect(cache.viewOf(TARGET, clock.now())).toBeUndefined();
    await cache.refresh(TARGET, lister);
    expect(lister.listings.get('cri-a')).toBe(2);
  });
});
