/**
 * Sharding across replicas: M exporters with shards 0..M-1 against one simulator collect every instance
 * exactly once, and together emit what one unsharded exporter emits.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shardOf } from '../../src/discovery/shard.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { generateDataset, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startCli } from '../support/cli-process.js';
import { findSamples, parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { silentLogger } from '../support/silent-logger.js';
import { accessKeyCredential, simulatorConfig } from '../support/simulator-config.js';

const CREDENTIAL = { accessKeyId: 'LTAIsharding', accessKeySecret: 'sharding-secret' };
const TOTAL_SHARDS = 3;
/** Per-exporter metrics that legitimately differ between shards and a single exporter. */
const PER_EXPORTER = /^(process_|nodejs_|acr_exporter_(api_|build_info|shard_info|owned_instances|collect_duration|last_collect_success|rules_last_refresh_success|config_last_reload))/;

let simulator: RunningSimulator;
const exporters: RunningExporter[] = [];

async function startShard(shard: number | undefined, totalShards: number): Promise<RunningExporter> {
  const argv = ['--total-shards', String(totalShards), ...(shard === undefined ? [] : ['--shard', String(shard)])];
  const exporter = await startExporter(simulatorConfig(simulator, argv), { logger: silentLogger, credential: accessKeyCredential(CREDENTIAL) });
  exporters.push(exporter);
  return exporter;
}

async function domainSamples(exporter: RunningExporter): Promise<Sample[]> {
  const samples = parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
  return samples.filter((sample) => !PER_EXPORTER.test(sample.name));
}

const key = (sample: Sample) => `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())} ${sample.value}`;

beforeAll(async () => {
  // The data clock is frozen so that the shards and the single exporter see the same tasks.
  const nowMs = Date.now();
  const dataset = generateDataset({ seed: 7, nowMs, regions: [{ id: 'cn-hangzhou', instances: 14 }, { id: 'cn-shanghai', instances: 10 }] });
  simulator = await startSimulator({ dataset, credentials: [CREDENTIAL], clock: { now: () => nowMs, sleep: async () => {} } });
});

afterAll(async () => {
  await Promise.all(exporters.splice(0).map((exporter) => exporter.close()));
  await simulator.close();
});

describe('sharding', () => {
  it('collects every instance in exactly one shard, and the shards together equal one exporter', async () => {
    const single = await domainSamples(await startShard(0, 1));
    const shards = await Promise.all(Array.from({ length: TOTAL_SHARDS }, (_, shard) => startShard(shard, TOTAL_SHARDS)));
    const perShard = await Promise.all(shards.map(domainSamples));

    const collectedBy = new Map<string, number[]>();
    perShard.forEach((samples, shard) => {
      for (const sample of findSamples(samples, 'acr_exporter_collect_success')) {
        const id = `${sample.labels.region}/${sample.labels.instance_id}`;
        collectedBy.set(id, [...(collectedBy.get(id) ?? []), shard]);
      }
    });
    expect(collectedBy.size).toBe(24);
    for (const [, owners] of collectedBy) expect(owners).toHaveLength(1);
    for (const samples of perShard) expect(findSamples(samples, 'acr_exporter_collect_success').length).toBeGreaterThan(0);

    expect(perShard.flat().map(key).sort()).toEqual(single.map(key).sort());

    for (const [shard, exporter] of shards.entries()) {
      const own = parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
      expect(sampleValue(own, 'acr_exporter_shard_info', { shard: String(shard), total_shards: String(TOTAL_SHARDS) })).toBe(1);
      expect(sampleValue(own, 'acr_exporter_owned_instances')).toBe(findSamples(perShard[shard]!, 'acr_exporter_collect_success').length);
    }
  });

  it('takes the shard from the StatefulSet ordinal in POD_NAME when only --total-shards is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acr-shard-'));
    const configFile = join(dir, 'config.yml');
    const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n`).join('');
    writeFileSync(configFile, `regions:\n${regions}`);
    const run = await startCli(['--config', configFile, '--web.listen-address', '127.0.0.1:0', '--total-shards', '3'], {
      POD_NAME: 'acr-subscription-exporter-2',
      ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret,
    });
    try {
      const samples = parseExposition(await (await fetch(`${run.url}/metrics`)).text());
      expect(sampleValue(samples, 'acr_exporter_shard_info', { shard: '2', total_shards: '3' })).toBe(1);
      for (const sample of findSamples(samples, 'acr_exporter_collect_success')) expect(shardOf(sample.labels.instance_id!, 3)).toBe(2);
    } finally {
      await run.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
