/**
 * `npm run soak -- --minutes N [--sample-seconds S]`: the built exporter (dist/cli.js, as a child
 * process) against the simulator for N minutes, with about 20% of API calls failing (throttling, 5xx,
 * HTML and non-JSON answers, calls that never answer, slow answers) and instances coming and going,
 * scraped every second. Every S seconds it prints the exporter's RSS, heap used, series count and open
 * fds, and at the end their least-squares slopes per minute. A steady slope over a long run is a leak.
 *
 * A development tool: it lives outside src/, is compiled by tsconfig.scripts.json into .cache/, and never
 * reaches the image (.dockerignore lets only src/ and the manifests in). Loopback only; bounded in time;
 * it stops the exporter and the simulator it started, also on Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset, startSimulator, type FaultSpec, type RunningSimulator } from '../src/simulator/index.js';
import { leastSquaresSlope } from './least-squares-slope.js';

/** Compiled to .cache/scripts/scripts/soak.js; the exporter is the one `npm run build` put in dist/. */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const CREDENTIAL = { accessKeyId: 'LTAIsoak', accessKeySecret: 'soak-secret' };
const REGIONS = [
  { id: 'cn-hangzhou', instances: 6 },
  { id: 'cn-shanghai', instances: 4 },
];
const MAX_MINUTES = 24 * 60;
const DEFAULT_SAMPLE_SECONDS = 10;
const SCRAPE_EVERY_MS = 1000;
/** One instance is replaced by a new one this often, alternating regions. */
const CHURN_EVERY_MS = 15_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const MIB = 1024 * 1024;
/** The simulator's request log is not used; keep it small so the soak process itself stays flat. */
const REQUEST_LOG_LIMIT = 1000;

/** About 20% of the calls: of ListArtifactSubscriptionTask 16% answered with a fault and 4% slowed down; of ListInstance 20% fail. */
const FAULTS: FaultSpec[] = [
  { kind: 'throttling', action: 'ListArtifactSubscriptionTask', rate: 0.05 },
  { kind: 'server-error', action: 'ListArtifactSubscriptionTask', rate: 0.04 },
  { kind: 'html-502', action: 'ListArtifactSubscriptionTask', rate: 0.03 },
  { kind: 'non-json', action: 'ListArtifactSubscriptionTask', rate: 0.02 },
  { kind: 'timeout', action: 'ListArtifactSubscriptionTask', rate: 0.02 },
  { kind: 'latency', action: 'ListArtifactSubscriptionTask', rate: 0.04, latencyMs: 300 },
  // Discovery falls back to the last good instance list.
  { kind: 'server-error', action: 'ListInstance', rate: 0.2 },
];

const EXPORTER_SETTINGS = `web:
  listenAddress: 127.0.0.1:0
discovery:
  refreshInterval: 10s
collection:
  mode: scrape
  cacheTtl: 2s
  scrapeTimeout: 5s
api:
  connectTimeout: 2s
  readTimeout: 2s
  requestsPerSecond: 100
  burst: 50
  retry:
    maxElapsed: 5s
`;

interface Sample {
  minutes: number;
  rssMiB: number;
  heapUsedMiB: number;
  series: number;
  openFds: number;
}

const MEASURES: { key: Exclude<keyof Sample, 'minutes'>; title: string; unit: string }[] = [
  { key: 'rssMiB', title: 'RSS', unit: ' MiB' },
  { key: 'heapUsedMiB', title: 'heap used', unit: ' MiB' },
  { key: 'series', title: 'series', unit: '' },
  { key: 'openFds', title: 'open fds', unit: '' },
];

function parseArgs(argv: string[]): { minutes: number; sampleSeconds: number } {
  const options = { minutes: 1, sampleSeconds: DEFAULT_SAMPLE_SECONDS };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const number = Number(value);
    if (flag === '--minutes' && number > 0 && number <= MAX_MINUTES) options.minutes = number;
    else if (flag === '--sample-seconds' && number >= 1) options.sampleSeconds = number;
    else throw new Error(`bad argument ${JSON.stringify(flag)} ${JSON.stringify(value)}; usage: npm run soak -- --minutes N (0 < N <= ${MAX_MINUTES}) [--sample-seconds S (>= 1)]`);
  }
  return options;
}

async function startExporter(simulator: RunningSimulator, dir: string): Promise<{ child: ChildProcess; url: string }> {
  const config = join(dir, 'soak.yml');
  const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n`).join('');
  writeFileSync(config, `regions:\n${regions}${EXPORTER_SETTINGS}`);
  const child = spawn(process.execPath, [CLI, '--config', config], {
    env: { PATH: process.env.PATH, ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let head: string | undefined = '';
    const timer = setTimeout(() => reject(new Error(`the exporter did not listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    // Read every log line so the pipe never fills; keep only what precedes "listening".
    child.stdout!.on('data', (chunk: Buffer) => {
      if (head === undefined) return;
      head += chunk.toString();
      const line = head.split('\n').find((candidate) => candidate.includes('"msg":"listening"'));
      if (!line) return;
      clearTimeout(timer);
      head = undefined;
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the exporter exited with ${code} before listening`));
    });
  });
  return { child, url };
}

async function stopExporter(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Replaces the oldest instance of a region with a newly generated one (the simulator's dataset is live). */
function churn(simulator: RunningSimulator, round: number): void {
  const region = simulator.dataset.regions[round % simulator.dataset.regions.length]!;
  const fresh = generateDataset({ seed: 1000 + round, nowMs: Date.now(), regions: [{ id: region.id, instances: 1 }] }).regions[0]!.instances[0]!;
  region.instances.shift();
  region.instances.push(fresh);
}

function residentMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
}

function sampleOf(exposition: string, pid: number, minutes: number): Sample {
  const lines = exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const heap = lines.find((line) => line.startsWith('nodejs_heap_size_used_bytes '));
  return {
    minutes,
    rssMiB: residentMiB(pid),
    heapUsedMiB: Number(heap?.split(' ')[1]) / MIB,
    series: lines.length,
    openFds: readdirSync(`/proc/${pid}/fd`).length,
  };
}

const format = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** API attempts and failed attempts, from the exporter's acr_exporter_api_requests_total. */
function apiAttempts(exposition: string): { total: number; failed: number } {
  const attempts = { total: 0, failed: 0 };
  for (const line of exposition.split('\n')) {
    if (!line.startsWith('acr_exporter_api_requests_total{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    attempts.total += value;
    if (!line.includes('code="success"')) attempts.failed += value;
  }
  return attempts;
}

function report(samples: Sample[], scrapes: { ok: number; failed: number }, lastExposition: string, churned: number): void {
  const api = apiAttempts(lastExposition);
  console.log(
    `\n${samples.length} samples; ${scrapes.ok} scrapes answered 200, ${scrapes.failed} not; ${api.total} API attempts, ` +
      `${format((100 * api.failed) / api.total)}% failed; ${churned} instances replaced`,
  );
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  for (const { key, title, unit } of MEASURES) {
    const points = (of: Sample[]) => of.map((sample) => ({ x: sample.minutes, y: sample[key] }));
    const first = samples[0]![key];
    const last = samples[samples.length - 1]![key];
    const slope = leastSquaresSlope(points(samples));
    const lateSlope = leastSquaresSlope(points(secondHalf));
    console.log(
      `${title.padEnd(10)} first ${format(first)}${unit}, last ${format(last)}${unit}; slope ${format(slope ?? NaN, 2)}${unit}/min` +
        ` (second half: ${format(lateSlope ?? NaN, 2)}${unit}/min)`,
    );
  }
}

async function main(): Promise<void> {
  const { minutes, sampleSeconds } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'acr-soak-'));
  const dataset = generateDataset({ seed: 42, nowMs: Date.now(), regions: REGIONS });
  const simulator = await startSimulator({ dataset, credentials: [CREDENTIAL], seed: 42, requestLogLimit: REQUEST_LOG_LIMIT });
  for (const fault of FAULTS) simulator.faults.add(fault);
  let exporter: { child: ChildProcess; url: string } | undefined;
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    exporter = await startExporter(simulator, dir);
    const { child, url } = exporter;
    const startedAt = Date.now();
    const endAt = startedAt + minutes * 60_000;
    console.log(`soak: ${minutes} min against ${simulator.regions.length} simulated regions, ~20% faults, one instance replaced every ${CHURN_EVERY_MS / 1000}s; exporter pid ${child.pid} at ${url}`);
    console.log('minute   RSS MiB  heap MiB  series  fds');
    const samples: Sample[] = [];
    const scrapes = { ok: 0, failed: 0 };
    let lastExposition = '';
    let nextSampleAt = startedAt;
    let nextChurnAt = startedAt + CHURN_EVERY_MS;
    let churned = 0;
    while (!interrupted && Date.now() < endAt) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the exporter exited (${child.exitCode ?? child.signalCode})`);
      const response = await fetch(`${url}/metrics`);
      const text = await response.text();
      if (response.status === 200) {
        scrapes.ok += 1;
        lastExposition = text;
      } else scrapes.failed += 1;
      const now = Date.now();
      if (now >= nextChurnAt) {
        churn(simulator, churned);
        churned += 1;
        nextChurnAt += CHURN_EVERY_MS;
      }
      if (now >= nextSampleAt && response.status === 200) {
        const sample = sampleOf(text, child.pid!, (now - startedAt) / 60_000);
        samples.push(sample);
        console.log(
          `${format(sample.minutes, 2).padStart(6)} ${format(sample.rssMiB).padStart(9)} ${format(sample.heapUsedMiB).padStart(9)} ${String(sample.series).padStart(7)} ${String(sample.openFds).padStart(4)}`,
        );
        nextSampleAt += sampleSeconds * 1000;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(SCRAPE_EVERY_MS, endAt - Date.now()))));
    }
    if (samples.length > 0) report(samples, scrapes, lastExposition, churned);
  } finally {
    process.off('SIGINT', onInterrupt);
    if (exporter) await stopExporter(exporter.child);
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
