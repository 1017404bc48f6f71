/**
 * One instance whose ListArtifactSubscriptionTask never answers (the simulator's timeout fault): the
 * first scrape, answered after scrapeTimeout, already carries the other instances' acr_ series, and
 * /-/ready does not wait for the hanging instance.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { loadConfig } from '../../src/config/load-config.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { KNOWN_CREDENTIAL, KNOWN_FAULTS, knownDataset } from '../fixtures/known-dataset.js';
import { findSamples, parseExposition, sampleValue } from '../support/exposition.js';
import { silentLogger } from '../support/silent-logger.js';

const SCRAPE_TIMEOUT_MS = 1_000;

let simulator: RunningSimulator;
let exporter: RunningExporter;
let startedAtMs: number;

beforeAll(async () => {
  simulator = await startSimulator({ dataset: knownDataset(), credentials: [KNOWN_CREDENTIAL] });
  for (const fault of KNOWN_FAULTS) simulator.faults.add(fault);
  simulator.faults.add({ kind: 'timeout', action: 'ListArtifactSubscriptionTask', instanceId: 'cri-gamma' });
  const { config } = loadConfig({
    argv: simulator.regions
      .flatMap((id) => ['--region', id])
      .concat(['--web.listen-address', '127.0.0.1:0', '--collection.scrape-timeout', `${SCRAPE_TIMEOUT_MS}ms`, '--api.read-timeout', '1m', '--api.connect-timeout', '1m']),
    env: {},
  });
  config.regions = config.regions.map((region) => ({ ...region, endpoint: simulator.endpoint(region.id), protocol: 'http' }));
  const credential = new credentials.default(new credentials.Config({ type: 'access_key', ...KNOWN_CREDENTIAL }));
  startedAtMs = Date.now();
  exporter = await startExporter(config, { logger: silentLogger, credential });
});

afterAll(async () => {
  await simulator.close();
  await exporter.close();
});

describe('one hanging instance', () => {
  it('does not hold back the first scrape or readiness', async () => {
    const response = await fetch(`${exporter.url}/metrics`);
    const answeredAfterMs = Date.now() - startedAtMs;
    const samples = parseExposition(await response.text());

    // The collection is still waiting on cri-gamma: the simulator holds its request.
    expect(simulator.requests.count({ action: 'ListArtifactSubscriptionTask', code: 'timeout' })).toBe(1);
    expect(answeredAfterMs).toBeGreaterThanOrEqual(SCRAPE_TIMEOUT_MS - 50);
    expect(answeredAfterMs).toBeLessThan(SCRAPE_TIMEOUT_MS + 5_000);

    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-alpha' })).toBe(1);
    expect(sampleValue(samples, 'acr_exporter_collect_success', { instance_id: 'cri-beta' })).toBe(0);
    expect(sampleValue(samples, 'acr_subscription_tasks', { instance_id: 'cri-alpha', status: 'RUNNING', result: 'NONE' })).toBe(2);
    expect(sampleValue(samples, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(0); // its baseline
    expect(findSamples(samples, 'acr_exporter_collect_success', { instance_id: 'cri-gamma' })).toEqual([]);

    const ready = await fetch(`${exporter.url}/-/ready`);
    expect(ready.status).toBe(200);
    expect(exporter.snapshots.latest()?.instances.map((instance) => instance.instanceId).sort()).toEqual(['cri-alpha', 'cri-beta']);
  });
});
