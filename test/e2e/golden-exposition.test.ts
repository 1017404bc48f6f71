/**
 * The whole /metrics output for the known dataset and a fixed clock, compared with a committed file:
 * after a baseline collection and a second one that sees the changes of finishKnownTasks().
 * Regenerate after an intended change with: UPDATE_GOLDEN=1 npm test -- test/e2e/golden-exposition
 * Families whose values depend on the machine or on wall time are left out: process_*, nodejs_* and
 * acr_exporter_api_request_duration_seconds; the Node.js version label of build_info is normalised.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/clock.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { finishKnownTasks, KNOWN_CREDENTIAL, KNOWN_FAULTS, knownDataset } from '../fixtures/known-dataset.js';
import { silentLogger } from '../support/silent-logger.js';
import { accessKeyCredential, simulatorConfig } from '../support/simulator-config.js';

const GOLDEN_FILE = fileURLToPath(new URL('../fixtures/known-dataset.prom', import.meta.url));
const FIXED_NOW_MS = Date.UTC(2023, 10, 15, 12, 0, 0); // after every task of the known dataset
const VOLATILE_FAMILY = /^(process_|nodejs_|acr_exporter_api_request_duration_seconds)/;

/** Drops volatile families (HELP, TYPE and samples) and normalises the Node.js version. */
function stable(exposition: string): string {
  return exposition
    .split('\n')
    .filter((line) => {
      const name = line.startsWith('# ') ? (line.split(' ')[2] ?? '') : line;
      return !VOLATILE_FAMILY.test(name);
    })
    .join('\n')
    .replace(/nodejs_version="[^"]*"/g, 'nodejs_version="NODE_VERSION"')
    .replace(/\n{3,}/g, '\n\n');
}

/** Longer than the default collection.cacheTtl (30s), so that the next scrape collects again. */
const PAST_CACHE_TTL_MS = 31_000;

const dataset = knownDataset();
const clock = new ManualClock(FIXED_NOW_MS);
let simulator: RunningSimulator;
let exporter: RunningExporter;

beforeAll(async () => {
  simulator = await startSimulator({ dataset, credentials: [KNOWN_CREDENTIAL] });
  for (const fault of KNOWN_FAULTS) simulator.faults.add(fault);
  exporter = await startExporter(simulatorConfig(simulator), { logger: silentLogger, clock, credential: accessKeyCredential(KNOWN_CREDENTIAL) });
});

afterAll(async () => {
  await exporter.close();
  await simulator.close();
});

describe('golden exposition', () => {
  it('matches test/fixtures/known-dataset.prom', async () => {
    await fetch(`${exporter.url}/metrics`); // the baseline collection
    finishKnownTasks(dataset);
    await clock.advance(PAST_CACHE_TTL_MS);
    const actual = stable(await (await fetch(`${exporter.url}/metrics`)).text());
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN_FILE, actual);
    expect(actual).toBe(readFileSync(GOLDEN_FILE, 'utf8'));
  });
});
