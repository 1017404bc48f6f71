/**
 * RunningExporter.reload in process, against the simulator on a ManualClock: a changed collection mode
 * and log level apply at once; a configuration that fails to load changes nothing and is a metric.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { ManualClock } from '../src/clock.js';
import type { Snapshot } from '../src/collector/snapshot.js';
import type { ExporterConfig } from '../src/config/types.js';
import { ConfigError } from '../src/errors.js';
import { startExporter, type RunningExporter } from '../src/exporter.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/index.js';
import { KNOWN_CREDENTIAL, KNOWN_FAULTS, knownDataset, finishKnownTasks } from './fixtures/known-dataset.js';
import { parseExposition, sampleValue } from './support/exposition.js';
import { accessKeyCredential, simulatorConfig } from './support/simulator-config.js';

const START_MS = Date.UTC(2023, 10, 15, 12, 0, 0);
const WAIT_LIMIT_MS = 10_000;

let simulator: RunningSimulator;
let exporter: RunningExporter;
const clock = new ManualClock(START_MS);
const logger = pino({ level: 'info' }, { write: () => {} });

function configWith(argv: string[]): ExporterConfig {
  return simulatorConfig(simulator, argv);
}

const taskListings = () => simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });

/** Waits (bounded) until the simulator has served `count` task listings: the exporter's collection is real HTTP. */
async function listingsReach(count: number): Promise<void> {
  for (const deadline = Date.now() + WAIT_LIMIT_MS; taskListings() < count && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(taskListings()).toBe(count);
}

/**
 * Waits (bounded) until a collection that started after `before` was published has ended: its final
 * snapshot, unlike the partial ones, carries its prepared exposition. The tags of a newly failed task
 * are fetched after the listings, so the listings being served does not mean the collection ended.
 */
async function collectionEnds(before: Snapshot | undefined): Promise<void> {
  const ended = () => {
    const latest = exporter.snapshots.latest();
    return latest !== before && latest?.exposition !== undefined;
  };
  for (const deadline = Date.now() + WAIT_LIMIT_MS; !ended() && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(ended()).toBe(true);
}

const dataset = knownDataset();

async function scrape() {
  return parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
}

beforeAll(async () => {
  simulator = await startSimulator({ dataset, credentials: [KNOWN_CREDENTIAL] });
  for (const fault of KNOWN_FAULTS) simulator.faults.add(fault);
  const credential = accessKeyCredential(KNOWN_CREDENTIAL);
  exporter = await startExporter(configWith([]), { logger, clock, credential });
});

afterAll(async () => {
  await exporter.close();
  await simulator.close();
});

describe('RunningExporter.reload', () => {
  it('switches to interval mode and debug logging at once, keeping the counters', async () => {
    const first = await scrape();
    expect(taskListings()).toBe(3);
    expect(sampleValue(first, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(0); // the baseline
    finishKnownTasks(dataset); // the next listing counts t7 and t8 (SUCCESS) and t3 (FAILED)

    await clock.advance(1_000);
    const beforeReload = exporter.snapshots.latest();
    expect(exporter.reload(() => configWith(['--collection.mode', 'interval', '--collection.interval', '60s', '--log.level', 'debug']))).toBe(true);
    expect(logger.level).toBe('debug');
    await listingsReach(6); // the interval scheduler collects at once
    await collectionEnds(beforeReload); // else the next tick finds it running, and skips

    await clock.advance(60_000);
    await listingsReach(9);
    const afterInterval = await scrape();
    expect(taskListings()).toBe(9); // in interval mode a scrape never collects
    // Counted once by the collection right after the reload, not reset, not counted again since.
    expect(sampleValue(afterInterval, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(2);
    expect(sampleValue(afterInterval, 'acr_exporter_config_last_reload_successful')).toBe(1);
    expect(sampleValue(afterInterval, 'acr_exporter_config_last_reload_success_timestamp_seconds')).toBe(START_MS / 1000 + 1);
  });

  it('keeps everything when the new configuration does not load', async () => {
    const listings = taskListings();
    expect(exporter.reload(() => { throw new ConfigError('collection.mode', '"sometimes" is not allowed; expected scrape | interval'); })).toBe(false);
    expect(logger.level).toBe('debug');
    const samples = await scrape();
    expect(sampleValue(samples, 'acr_exporter_config_last_reload_successful')).toBe(0);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-alpha' })).toBe(1);
    expect(taskListings()).toBe(listings);
    expect(exporter.snapshots.ready).toBe(true);
  });
});
