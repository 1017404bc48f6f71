/**
 * `npm run bench`: the exporter (the built CLI, as a child process) against the simulator at scale.
 * Prints API calls per collection against the minimum, API calls caused by 50 concurrent cold scrapes,
 * /metrics latency from a warm snapshot at about 10,000 series, and peak RSS while listing 1,000,000
 * tasks against 10,000 tasks. A development tool: compiled by tsconfig.scripts.json, never shipped in dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, staticTaskSource, syntheticTaskSource, type RunningSimulator, type SimDataset } from '../src/simulator/index.js';

/** Compiled to .cache/scripts/scripts/bench.js; the exporter is the one `npm run build` put in dist/. */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const CREDENTIAL = { accessKeyId: 'LTAIbenchmark', accessKeySecret: 'benchmark-secret' };
const INSTANCES = 100;
const PAGE_SIZE = 100;
const LATENCY_SCRAPES = 1000;
const COLD_SCRAPES = 50;
/** cacheTtl of the cold-scrape run: short, so that the benchmark can wait for it to expire. */
const COLD_CACHE_TTL_MS = 2000;
const TASK_INTERVAL_MS = 1000;
/** The budget is raised so that the benchmark measures the exporter, not the polite default of 10 requests/s. */
const BENCH_API_SETTINGS = 'api:\n  requestsPerSecond: 2000\n  burst: 200\n  maxConcurrentRequests: 8\n';

function dataset(tasksPerInstance: (i: number) => number, repositories: number): SimDataset {
  const now = Date.now();
  const region = (id: string, offset: number) => ({
    id,
    instances: Array.from({ length: INSTANCES / 2 }, (_, n) => {
      const i = n + offset;
      const instanceId = `cri-bench-${String(i).padStart(3, '0')}`;
      const count = tasksPerInstance(i);
      return {
        instance: { InstanceId: instanceId, InstanceName: `bench-${i}`, InstanceSpecification: 'Enterprise_Advanced', InstanceStatus: 'RUNNING', RegionId: id },
        rules: [],
        tasks:
          count === 0
            ? staticTaskSource([])
            : syntheticTaskSource({ seed: i, instanceId, count, startMs: now - (count + 10) * TASK_INTERVAL_MS, intervalMs: TASK_INTERVAL_MS, repositories }),
      };
    }),
  });
  return { regions: [region('cn-hangzhou', 0), region('cn-shanghai', INSTANCES / 2)] };
}

interface Exporter {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startExporter(simulator: RunningSimulator, dir: string, name: string, cacheTtl = '1h'): Promise<Exporter> {
  const config = join(dir, `${name}.yml`);
  const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n`).join('');
  writeFileSync(
    config,
    `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\nlog:\n  level: warn\ncollection:\n  mode: scrape\n  cacheTtl: ${cacheTtl}\n  scrapeTimeout: 10m\n${BENCH_API_SETTINGS}`,
  );
  const child = spawn(process.execPath, [CLI, '--config', config, '--log.level', 'info'], {
    env: { PATH: process.env.PATH, ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`exporter exited with ${code}`)));
  });
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident set size of a process so far (Linux VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kib / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const listTaskCalls = (simulator: RunningSimulator) => simulator.requests.count({ action: 'ListArtifactSubscriptionTask' });

async function callsAndColdScrapes(dir: string): Promise<void> {
  const tasks = (i: number) => 37 * i + 13; // 13 .. 3676 tasks: full, partial and single pages
  const simulator = await startSimulator({ dataset: dataset(tasks, 50), credentials: [CREDENTIAL] });
  try {
    // The paging rule (src/api/paginate.ts) checks a full last page with one more page, so a listing
    // of t tasks takes floor(t/100)+1 calls at the least (ceil(t/100) unless t is a multiple of 100).
    const minimum = Array.from({ length: INSTANCES }, (_, i) => Math.floor(tasks(i) / PAGE_SIZE) + 1).reduce((a, b) => a + b, 0);
    const exporter = await startExporter(simulator, dir, 'cold', `${COLD_CACHE_TTL_MS}ms`);
    try {
      // The collection at start (scrape mode warms its cache) and the first scrape: one collection.
      await (await fetch(`${exporter.url}/metrics`)).text();
      const calls = listTaskCalls(simulator);
      console.log(`API calls per collection: ${calls} ListArtifactSubscriptionTask (minimum under the paging rule sum(floor(tasks/100)+1) = ${minimum}) over ${INSTANCES} instances`);

      // Let the cache expire, then scrape cold, 50 at once.
      await new Promise((resolve) => setTimeout(resolve, COLD_CACHE_TTL_MS + 500));
      simulator.requests.clear();
      const scrapes = await Promise.all(Array.from({ length: COLD_SCRAPES }, () => fetch(`${exporter.url}/metrics`).then((r) => r.status)));
      const coldCalls = listTaskCalls(simulator);
      console.log(
        `${COLD_SCRAPES} concurrent cold scrapes (cache expired; all ${scrapes.every((s) => s === 200) ? '200' : 'NOT 200'}): ${coldCalls} task-list calls ` +
          `= one collection: ${coldCalls === calls ? 'yes' : 'NO'}`,
      );
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

async function scrapeLatency(dir: string): Promise<void> {
  // 100 instances x 12 repositories x 8 repository series + task and instance series: about 10,000 series.
  const simulator = await startSimulator({ dataset: dataset(() => 300, 12), credentials: [CREDENTIAL] });
  try {
    const exporter = await startExporter(simulator, dir, 'latency');
    try {
      const warm = await (await fetch(`${exporter.url}/metrics`)).text();
      const series = warm.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
      const timings: number[] = [];
      for (let i = 0; i < LATENCY_SCRAPES; i++) {
        const started = performance.now();
        await (await fetch(`${exporter.url}/metrics`)).text();
        timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      console.log(
        `/metrics from a warm snapshot, ${series} series, ${(warm.length / 1024).toFixed(0)} KiB, ${LATENCY_SCRAPES} sequential scrapes: ` +
          `p50 ${percentile(timings, 50).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms`,
      );
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

async function peakMemory(dir: string, tasksPerInstance: number): Promise<{ rss: number; seconds: number }> {
  const simulator = await startSimulator({ dataset: dataset(() => tasksPerInstance, 20), credentials: [CREDENTIAL] });
  try {
    const exporter = await startExporter(simulator, dir, `memory-${tasksPerInstance}`);
    try {
      const started = performance.now();
      const response = await fetch(`${exporter.url}/metrics`);
      await response.text();
      const seconds = (performance.now() - started) / 1000;
      return { rss: peakRssMiB(exporter.child.pid!), seconds };
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'acr-bench-'));
  try {
    console.log(`acr-subscription-exporter benchmark (node ${process.version}, exporter as a child process, simulator in this process)\n`);
    await callsAndColdScrapes(dir);
    await scrapeLatency(dir);
    const small = await peakMemory(dir, 100);
    const large = await peakMemory(dir, 10_000);
    console.log(`peak RSS listing     10,000 tasks over ${INSTANCES} instances: ${small.rss.toFixed(1)} MiB (collection ${small.seconds.toFixed(1)} s)`);
    console.log(`peak RSS listing  1,000,000 tasks over ${INSTANCES} instances: ${large.rss.toFixed(1)} MiB (collection ${large.seconds.toFixed(1)} s)`);
    const ratio = large.rss / small.rss;
    console.log(`ratio ${ratio.toFixed(2)} (target <= 1.5): ${ratio <= 1.5 ? 'within target' : 'OVER TARGET'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
