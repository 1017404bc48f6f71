/**
 * Two exporters in process on one simulator, one with collection.listing incremental (the
 * default), one with full: after churn their task series on /metrics are the same, and the
 * per-collection log line says how each instance was listed and how many calls were incremental.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ExporterConfig } from '../../src/config/types.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { churningTaskSource, startSimulator, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { rawTask, REGION, simInstance } from '../api/incremental-fixtures.js';
import { recordingLogger } from '../support/recording-logger.js';

const KEY = { accessKeyId: 'LTAI-incremental-e2e', accessKeySecret: 'incremental-e2e-secret' };
const TASKS = 450;
const ID = 'cri-churn';
const CACHE_TTL_MS = 30_000;

const tasks = churningTaskSource(Array.from({ length: TASKS }, (_, i) => rawTask(`t${TASKS - 1 - i}`, ID, TASKS - 1 - i, i === 120 || i === 300 ? 'RUNNING' : 'COMPLETED')));
const dataset: SimDataset = { regions: [{ id: REGION, instances: [simInstance(ID, tasks, 'newest-first')] }] };
const clock = new ManualClock(Date.UTC(2026, 10, 30, 8, 0, 0));
const incrementalLog = recordingLogger();
let simulator: RunningSimulator;
let incremental: RunningExporter;
let full: RunningExporter;

function config(listing: string): ExporterConfig {
  const { config: loaded } = loadConfig({ argv: ['--region', REGION, '--web.listen-address', '127.0.0.1:0', '--collection.listing', listing], env: {} });
  loaded.regions = loaded.regions.map((region) => ({ ...region, endpoint: simulator.endpoint(REGION), protocol: 'http', instances: [ID] }));
  return loaded;
}

/** The acr_subscription_* lines of /metrics (the task series; the exporter's own metrics differ by design). */
async function taskSeriesOf(exporter: RunningExporter): Promise<string[]> {
  const text = await (await fetch(`${exporter.url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith('acr_subscription_'));
}

beforeAll(async () => {
  simulator = await startSimulator({ dataset, credentials: [KEY] });
  const credential = new credentials.default(new credentials.Config({ type: 'access_key', ...KEY }));
  incremental = await startExporter(config('incremental'), { logger: incrementalLog.logger, clock, credential });
  full = await startExporter(config('full'), { logger: recordingLogger().logger, clock, credential });
});

afterAll(async () => {
  await incremental.close();
  await full.close();
  await simulator.close();
});

describe('collection.listing: incremental against full, end to end', () => {
  it('serves the same task series after churn, and logs the listing of each instance', async () => {
    expect(await taskSeriesOf(incremental)).toEqual(await taskSeriesOf(full));

    for (let i = 0; i < 12; i++) tasks.insertAtHead(rawTask(`new${i}`, ID, TASKS + i, i % 4 === 0 ? 'RUNNING' : 'COMPLETED'));
    tasks.update(`t${TASKS - 1 - 120}`, { TaskStatus: 'COMPLETED', TaskResult: 'FAILED', EndTime: String(Date.UTC(2026, 0, 1)) });
    tasks.dropOldest(5);
    await clock.advance(CACHE_TTL_MS + 1);
    simulator.requests.clear();
    const incrementalSeries = await taskSeriesOf(incremental);
    const incrementalCalls = simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });

    expect(incrementalSeries).toEqual(await taskSeriesOf(full));
    expect(incrementalSeries.length).toBeGreaterThan(20);
    // Page 1 (12 new tasks, then the known head) and the pages of the two tasks that were in
    // progress, at 132 and 312 now: pages 2 and 4.
    expect(incrementalCalls).toBe(3);
    const taskPages = simulator.requests.entries.filter((entry) => entry.action === 'ListArtifactSubscriptionTask').map((entry) => entry.pageNo);
    // The incremental exporter's pages, then the full one's.
    expect(taskPages).toEqual([1, 2, 4, 1, 2, 3, 4, 5]);
    const finished = incrementalLog.lines.filter((line) => line['msg'] === 'collection finished');
    expect(finished.map((line) => line['incrementalCalls'])).toEqual([0, 3]);
    expect(finished.map((line) => (line['instances'] as Record<string, unknown>[])[0])).toEqual([
      expect.objectContaining({ instanceId: ID, listing: 'full', listingReason: 'first', listingCalls: 5 }),
      expect.objectContaining({ instanceId: ID, listing: 'incremental', listingCalls: 3 }),
    ]);
  });
});
