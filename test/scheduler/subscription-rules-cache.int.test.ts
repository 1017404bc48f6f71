/**
 * Subscription rules end to end in process: the exporter (scrape mode, ManualClock) lists rules from the
 * simulator over real HTTP with real signatures, caches them for collection.rulesInterval, keeps them
 * through a denied refresh for collection.keepStaleData, and never lets a rules failure touch the tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { KNOWN_CREDENTIAL, KNOWN_FAULTS, knownDataset } from '../fixtures/known-dataset.js';
import { findSamples, parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { silentLogger } from '../support/silent-logger.js';
import { accessKeyCredential, simulatorConfig } from '../support/simulator-config.js';

const START_MS = Date.UTC(2023, 10, 15, 12, 0, 0);
const MINUTE_MS = 60_000;
/** Longer than the default collection.cacheTtl (30s), so that the next scrape collects again. */
const PAST_CACHE_TTL_MS = 31_000;
const RULES_INTERVAL_MS = 10 * MINUTE_MS; // the default collection.rulesInterval
const KEEP_STALE_DATA_MS = 15 * MINUTE_MS; // the default collection.keepStaleData
const ALPHA = { region: 'cn-hangzhou', instance_id: 'cri-alpha' };

const clock = new ManualClock(START_MS);
let simulator: RunningSimulator;
let exporter: RunningExporter;

const ruleListings = () => simulator.requests.count({ action: 'ListArtifactSubscriptionRule' });
const taskSeries = (samples: Sample[]) => samples.filter((sample) => sample.name.startsWith('acr_subscription_') && !sample.name.startsWith('acr_subscription_rule'));
const alphaRuleIds = (samples: Sample[]) => findSamples(samples, 'acr_subscription_rule_info', ALPHA).map((sample) => sample.labels['rule_id']);

async function scrapeAfter(advanceMs: number): Promise<Sample[]> {
  await clock.advance(advanceMs);
  return parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
}

beforeAll(async () => {
  simulator = await startSimulator({ dataset: knownDataset(), credentials: [KNOWN_CREDENTIAL] });
  for (const fault of KNOWN_FAULTS) simulator.faults.add(fault);
  exporter = await startExporter(simulatorConfig(simulator), { logger: silentLogger, clock, credential: accessKeyCredential(KNOWN_CREDENTIAL) });
});

afterAll(async () => {
  await exporter.close();
  await simulator.close();
});

describe('subscription rules in a running exporter', () => {
  let baselineTasks: Sample[];

  it('lists each instance\'s rules once and serves them with the last task of their repository', async () => {
    const samples = await scrapeAfter(0);

    expect(ruleListings()).toBe(3);
    expect(sampleValue(samples, 'acr_subscription_rules', ALPHA)).toBe(3);
    expect(alphaRuleIds(samples)).toEqual(['crasr-alpha-nginx', 'crasr-alpha-pause', 'crasr-alpha-busybox']);
    expect(sampleValue(samples, 'acr_subscription_rule_last_task_start_timestamp_seconds', { ...ALPHA, rule_id: 'crasr-alpha-nginx' })).toBe(1700007200);
    expect(sampleValue(samples, 'acr_subscription_rule_last_task_start_timestamp_seconds', { ...ALPHA, rule_id: 'crasr-alpha-busybox' })).toBeUndefined();
    // beta's tasks are denied, its rules are not; gamma's rules are denied, its tasks are not.
    expect(sampleValue(samples, 'acr_subscription_rules', { instance_id: 'cri-beta' })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', { instance_id: 'cri-gamma' })).toBe(0);
    expect(sampleValue(samples, 'acr_subscription_rules', { instance_id: 'cri-gamma' })).toBeUndefined();
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-gamma' })).toBe(1);
    baselineTasks = taskSeries(samples);
    expect(baselineTasks.length).toBeGreaterThan(10);
  });

  it('does not list rules again before rulesInterval, while the tasks are collected again', async () => {
    const tasksBefore = simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });

    const samples = await scrapeAfter(PAST_CACHE_TTL_MS);

    expect(simulator.requests.count({ action: 'ListArtifactSubscriptionTask' })).toBe(tasksBefore + 3);
    expect(ruleListings()).toBe(3);
    expect(sampleValue(samples, 'acr_subscription_rules', ALPHA)).toBe(3);
  });

  it('keeps the last good rules when the refresh is denied, counts the denial, and leaves the task series as they were', async () => {
    simulator.faults.add({ kind: 'forbidden', action: 'ListArtifactSubscriptionRule', instanceId: 'cri-alpha' });

    const samples = await scrapeAfter(RULES_INTERVAL_MS);

    expect(ruleListings()).toBe(6);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionRule', code: 'NoPrivilege' })).toBe(3); // gamma twice, alpha once
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', ALPHA)).toBe(0);
    expect(sampleValue(samples, 'acr_exporter_rules_last_refresh_success_timestamp_seconds', ALPHA)).toBe(START_MS / 1000);
    expect(alphaRuleIds(samples)).toEqual(['crasr-alpha-nginx', 'crasr-alpha-pause', 'crasr-alpha-busybox']);
    expect(sampleValue(samples, 'acr_exporter_collect_success', ALPHA)).toBe(1);
    expect(taskSeries(samples)).toEqual(baselineTasks);
  });

  it('drops them keepStaleData after the first denied refresh, the tasks still unaffected', async () => {
    const samples = await scrapeAfter(KEEP_STALE_DATA_MS + 1000);

    expect(sampleValue(samples, 'acr_subscription_rules', ALPHA)).toBeUndefined();
    expect(alphaRuleIds(samples)).toEqual([]);
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', ALPHA)).toBe(0);
    expect(sampleValue(samples, 'acr_subscription_rules', { instance_id: 'cri-beta' })).toBe(1);
    expect(taskSeries(samples)).toEqual(baselineTasks);
  });

  it('serves the rules again after the next successful refresh', async () => {
    simulator.faults.clear();

    const samples = await scrapeAfter(RULES_INTERVAL_MS);

    expect(sampleValue(samples, 'acr_subscription_rules', ALPHA)).toBe(3);
    expect(sampleValue(samples, 'acr_exporter_rules_refresh_success', ALPHA)).toBe(1);
    expect(sampleValue(samples, 'acr_subscription_rules', { instance_id: 'cri-gamma' })).toBe(1);
  });
});
