/** SIGTERM while a scrape waits on an API call that never answers: the scrape is answered and the process exits 0 quickly. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startCli } from '../support/cli-process.js';
import { KNOWN_CREDENTIAL, knownDataset } from '../fixtures/known-dataset.js';

/** "Within a few seconds": generous for a loaded CI machine, far below the 10 s scrape timeout plus read timeouts. */
const EXIT_BUDGET_MS = 5_000;

let simulator: RunningSimulator;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-shutdown-'));
  simulator = await startSimulator({ dataset: knownDataset(), credentials: [KNOWN_CREDENTIAL] });
  simulator.faults.add({ kind: 'timeout', action: 'ListArtifactSubscriptionTask' });
});

afterAll(async () => {
  await simulator.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('shutdown', () => {
  it('answers the waiting scrape and exits 0 within a few seconds of SIGTERM', async () => {
    const config = join(workDir, 'config.yml');
    const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n`).join('');
    writeFileSync(config, `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\napi:\n  readTimeout: 1m\n  connectTimeout: 1m\n`);
    const run = await startCli(['--config', config], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: KNOWN_CREDENTIAL.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KNOWN_CREDENTIAL.accessKeySecret,
    });
    const scrape = fetch(`${run.url}/metrics`);
    // Wait (bounded) until the collection is stuck on the API: the simulator logs each request it holds.
    const stuck = () => simulator.requests.count({ action: 'ListArtifactSubscriptionTask', code: 'timeout' }) > 0;
    for (let i = 0; i < 400 && !stuck(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(stuck()).toBe(true);

    const signalledAt = Date.now();
    const exit = run.stop();
    const response = await scrape;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('acr_exporter_build_info');
    expect(await exit).toBe(0);
    const exitedAfterMs = Date.now() - signalledAt;
    expect(exitedAfterMs).toBeLessThan(EXIT_BUDGET_MS);
  });
});
