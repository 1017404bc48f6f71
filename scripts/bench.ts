/**
 * `npm run bench`: the exporter (the built CLI, as a child process) against the simulator at scale.
 * Prints API calls per collection against the minimum, API calls caused by 50 concurrent cold scrapes,
 * /metrics latency under 50 keep-alive connections from a warm snapshot at about 10,000 series, identity
 * and gzip, side by side with a static node:http server (a child process too) serving the same bytes and
 * headers, and peak RSS while listing 1,000,000
 * tasks against 10,000 tasks. A development tool: compiled by tsconfig.scripts.json, never shipped in dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  churningTaskSource,
  startSimulator,
  staticTaskSource,
  syntheticTaskSource,
  type ChurningTaskSource,
  type RunningSimulator,
  type SimDataset,
} from '../src/simulator/index.js';

/** Compiled to .cache/scripts/scripts/bench.js; the exporter is the one `npm run build` put in dist/. */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const CREDENTIAL = { accessKeyId: 'LTAIbenchmark', accessKeySecret: 'benchmark-secret' };
const INSTANCES = 100;
const PAGE_SIZE = 100;
/** /metrics under load: keep-alive connections, measured requests per server and encoding, and unmeasured ones first. */
const LOAD_CONNECTIONS = 50;
const LOAD_REQUESTS = 5000;
/**
 * gzip answers take a twentieth of the time: four times the requests for them (same run time order),
 * so that their p99 rests on 200 samples over it, not 50, and one stall of the shared machine moves it less.
 */
const GZIP_LOAD_FACTOR = 4;
const LOAD_WARMUP_REQUESTS = 500;
/** The measured requests are split into rounds that alternate between the two servers. */
const LOAD_ROUNDS = 10;
/** Target: the exporter's p99 under load at most this multiple of a static server's serving the same bytes. */
const P99_RATIO_TARGET = 1.2;
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

async function startExporter(
  simulator: RunningSimulator,
  dir: string,
  name: string,
  cacheTtl = '1h',
  apiSettings = BENCH_API_SETTINGS,
  collectionSettings = '',
): Promise<Exporter> {
  const config = join(dir, `${name}.yml`);
  const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n`).join('');
  writeFileSync(
    config,
    `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\nlog:\n  level: warn\ncollection:\n  mode: scrape\n  cacheTtl: ${cacheTtl}\n  scrapeTimeout: 10m\n${collectionSettings}${apiSettings}`,
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
      // Every listing, full or incremental, reads page 1 once: one collection reads it once per instance.
      // (The call count itself may differ from the first collection's: this one may be incremental.)
      const firstPages = simulator.requests.count({ action: 'ListArtifactSubscriptionTask', pageNo: 1 });
      console.log(
        `${COLD_SCRAPES} concurrent cold scrapes (cache expired; all ${scrapes.every((s) => s === 200) ? '200' : 'NOT 200'}): ${coldCalls} task-list calls, ` +
          `page 1 of each instance read ${firstPages / INSTANCES} time(s) = one collection: ${firstPages === INSTANCES ? 'yes' : 'NO'}`,
      );
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

/** One answer of a server, as sent: the body bytes and the headers a static server must repeat. */
interface Answer {
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers a static server repeats from the exporter's answer (node:http adds Date, Connection and Keep-Alive to both). */
const REPEATED_HEADERS = ['content-type', 'content-encoding', 'content-length', 'vary', 'x-content-type-options'];

function getAnswer(agent: Agent, url: string, acceptEncoding: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = Object.fromEntries(REPEATED_HEADERS.filter((name) => res.headers[name] !== undefined).map((name) => [name, String(res.headers[name])]));
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else resolve({ headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The static server: a child process like the exporter, answering every request with the bytes and headers given. */
const STATIC_SERVER_SOURCE = `
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const [identityFile, gzipFile] = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));
const answers = [identityFile, gzipFile].map((answer) => ({ headers: answer.headers, body: Buffer.from(answer.body, 'base64') }));
const server = createServer((req, res) => {
  const answer = /gzip/.test(req.headers['accept-encoding'] ?? '') ? answers[1] : answers[0];
  res.writeHead(200, answer.headers);
  res.end(answer.body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
`;

async function startStaticServer(dir: string, identity: Answer, gzip: Answer): Promise<{ url: string; stop(): Promise<void> }> {
  const files = Object.entries({ identity, gzip }).map(([name, answer]) => {
    const file = join(dir, `static-${name}.json`);
    writeFileSync(file, JSON.stringify({ headers: answer.headers, body: answer.body.toString('base64') }));
    return file;
  });
  const source = join(dir, 'static-server.mjs');
  writeFileSync(source, STATIC_SERVER_SOURCE);
  const child = spawn(process.execPath, [source, ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`static server exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * LOAD_CONNECTIONS keep-alive connections, each sending its next request as soon as the previous answer's
 * last byte has arrived; the same client code for every server. Returns each request's latency in ms.
 */
async function loadLatencies(url: string, acceptEncoding: string | undefined, requests: number): Promise<{ latencies: number[]; bytes: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CONNECTIONS });
  const latencies: number[] = [];
  let bytes = 0;
  let sent = 0;
  try {
    await Promise.all(
      Array.from({ length: LOAD_CONNECTIONS }, async () => {
        while (sent < requests) {
          sent += 1;
          const started = performance.now();
          const answer = await getAnswer(agent, url, acceptEncoding);
          latencies.push(performance.now() - started);
          bytes = answer.body.length;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { latencies: latencies.sort((a, b) => a - b), bytes };
}

async function scrapeLatency(dir: string): Promise<void> {
  // 100 instances x 12 repositories x 8 repository series + task and instance series: about 10,000 series.
  const simulator = await startSimulator({ dataset: dataset(() => 300, 12), credentials: [CREDENTIAL] });
  try {
    const exporter = await startExporter(simulator, dir, 'latency');
    try {
      const agent = new Agent({ keepAlive: true });
      const metricsUrl = `${exporter.url}/metrics`;
      const identity = await getAnswer(agent, metricsUrl, undefined);
      const gzip = await getAnswer(agent, metricsUrl, 'gzip');
      agent.destroy();
      const warm = identity.body.toString('utf8');
      const series = warm.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
      if (gzip.headers['content-encoding'] !== 'gzip' || gunzipSync(gzip.body).length !== identity.body.length) {
        throw new Error('the exporter\'s gzip answer does not decode to its identity answer');
      }
      const staticServer = await startStaticServer(dir, identity, gzip);
      try {
        console.log(
          `/metrics from a warm snapshot, ${series} series, identity ${(identity.body.length / 1024).toFixed(0)} KiB, gzip ${(gzip.body.length / 1024).toFixed(0)} KiB; ` +
            `${LOAD_CONNECTIONS} keep-alive connections, in ${LOAD_ROUNDS} alternating rounds per server and encoding (after ${LOAD_WARMUP_REQUESTS} unmeasured):`,
        );
        for (const [encoding, acceptEncoding, requests] of [
          ['identity', undefined, LOAD_REQUESTS],
          ['gzip', 'gzip', LOAD_REQUESTS * GZIP_LOAD_FACTOR],
        ] as const) {
          const servers = { exporter: metricsUrl, static: staticServer.url };
          const measured: Record<keyof typeof servers, number[]> = { exporter: [], static: [] };
          for (const url of Object.values(servers)) await loadLatencies(url, acceptEncoding, LOAD_WARMUP_REQUESTS);
          // Rounds in alternating order, so that a busy moment of the shared machine falls on both servers alike.
          for (let round = 0; round < LOAD_ROUNDS; round++) {
            const order = round % 2 === 0 ? (['exporter', 'static'] as const) : (['static', 'exporter'] as const);
            for (const server of order) measured[server].push(...(await loadLatencies(servers[server], acceptEncoding, requests / LOAD_ROUNDS)).latencies);
          }
          measured.exporter.sort((a, b) => a - b);
          measured.static.sort((a, b) => a - b);
          const [exporterMs, staticMs] = [measured.exporter, measured.static];
          const p99Ratio = percentile(exporterMs, 99) / percentile(staticMs, 99);
          console.log(
            `  ${encoding} (${requests} requests per server): exporter p50 ${percentile(exporterMs, 50).toFixed(1)} ms, p99 ${percentile(exporterMs, 99).toFixed(1)} ms; ` +
              `static p50 ${percentile(staticMs, 50).toFixed(1)} ms, p99 ${percentile(staticMs, 99).toFixed(1)} ms; ` +
              `p50 ratio ${(percentile(exporterMs, 50) / percentile(staticMs, 50)).toFixed(2)}x, p99 ratio ${p99Ratio.toFixed(2)}x ` +
              `(target <= ${P99_RATIO_TARGET}x): ${p99Ratio <= P99_RATIO_TARGET ? 'within target' : 'OVER TARGET'}`,
          );
        }
      } finally {
        await staticServer.stop();
      }
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

/**
 * What collection.knownTasksMax (200,000 tasks by default) lets the known lists of incremental listing add
 * to peak RSS: 500 bytes a task, the README's figure (about 160 bytes live, 450 with the garbage collector's headroom).
 */
const KNOWN_TASKS_BOUND_MIB = (200_000 * 500) / 2 ** 20;

async function peakMemory(dir: string, tasksPerInstance: number, listing: 'incremental' | 'full'): Promise<{ rss: number; seconds: number }> {
  const simulator = await startSimulator({ dataset: dataset(() => tasksPerInstance, 20), credentials: [CREDENTIAL] });
  try {
    const exporter = await startExporter(simulator, dir, `memory-${tasksPerInstance}-${listing}`, '1h', BENCH_API_SETTINGS, `  listing: ${listing}\n`);
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

/** A server quota of 20 requests/s against an exporter configured for 200, over a 200-page listing. */
const QUOTA_REQUESTS_PER_SECOND = 20;
const QUOTA_TASKS = 19_950; // 200 pages of 100, the last one short
const THROTTLED_SHARE_TARGET = 0.15;

/** The adaptive rate against a throttling server, and the fixed rate for contrast. */
async function adaptiveRate(dir: string): Promise<void> {
  for (const adaptive of [true, false]) {
    const dataset: SimDataset = {
      regions: [
        {
          id: 'cn-hangzhou',
          instances: [
            {
              instance: { InstanceId: 'cri-quota', InstanceName: 'quota', InstanceSpecification: 'Enterprise_Advanced', InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' },
              rules: [],
              tasks: syntheticTaskSource({ seed: 1, instanceId: 'cri-quota', count: QUOTA_TASKS, startMs: Date.now() - (QUOTA_TASKS + 10) * TASK_INTERVAL_MS, intervalMs: TASK_INTERVAL_MS, repositories: 20 }),
            },
          ],
        },
      ],
    };
    const simulator = await startSimulator({ dataset, credentials: [CREDENTIAL], rateLimit: { requestsPerSecond: QUOTA_REQUESTS_PER_SECOND } });
    try {
      const api = `api:\n  requestsPerSecond: 200\n  burst: 20\n  maxConcurrentRequests: 8\n  adaptive: ${adaptive}\n  retry:\n    maxAttempts: 8\n    maxElapsed: 60s\n`;
      const exporter = await startExporter(simulator, dir, `quota-${adaptive}`, '1h', api);
      try {
        const started = performance.now();
        const text = await (await fetch(`${exporter.url}/metrics`)).text();
        const seconds = (performance.now() - started) / 1000;
        const listed = [...text.matchAll(/^acr_subscription_tasks\{[^}]*instance_id="cri-quota"[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
        const complete = /acr_exporter_collect_success\{[^}]*instance_id="cri-quota"\} 1$/m.test(text) && listed === QUOTA_TASKS;
        const total = listTaskCalls(simulator);
        const throttled = simulator.requests.count({ action: 'ListArtifactSubscriptionTask', code: 'Throttling.User' });
        const share = throttled / total;
        const verdict = adaptive ? (share <= THROTTLED_SHARE_TARGET && complete ? 'within target' : 'OVER TARGET') : 'for contrast';
        console.log(
          `server quota ${QUOTA_REQUESTS_PER_SECOND}/s, exporter at 200/s, adaptive ${adaptive ? 'on ' : 'off'}: ${throttled} of ${total} task-list requests throttled ` +
            `(${(100 * share).toFixed(1)}%, target <= ${100 * THROTTLED_SHARE_TARGET}%: ${verdict}); listed ${listed} of ${QUOTA_TASKS} tasks, ` +
            `collection ${complete ? 'complete' : 'INCOMPLETE'} in ${seconds.toFixed(1)} s`,
        );
      } finally {
        await exporter.stop();
      }
    } finally {
      await simulator.close();
    }
  }
}

/** Steady churn before each collection: new tasks at the head, the newest of them still running; the tasks running before finish. */
const CHURN_NEW_TASKS = 30;
const CHURN_NEW_RUNNING = 5;
/** Tasks that run long, deep in the list at the start (fractions of its length); one of them finishes per collection. */
const CHURN_DEEP_RUNNING = [0.25, 0.5, 0.8];
const CHURN_COLLECTIONS = 6;
const CHURN_START_MS = Date.UTC(2026, 0, 1);
/** The defaults the item-4 table is computed at (src/config/schema.ts): api.requestsPerSecond and api.burst. */
const DEFAULT_REQUESTS_PER_SECOND = 10;
const DEFAULT_BURST = 10;
/** Instances measured at the default rate, and the account sizes the table extends the measurement to. */
const DEFAULTS_MEASURED_INSTANCES = 10;
const TABLE_INSTANCES = [10, 100, 1_000];
const TABLE_TASKS = [1_000, 10_000];

function churnTask(instanceId: string, index: number, running: boolean): Record<string, unknown> {
  const startMs = CHURN_START_MS + index * 60_000;
  return {
    TaskId: `crast-${instanceId}-${index}`,
    InstanceId: instanceId,
    TaskStatus: running ? 'RUNNING' : 'COMPLETED',
    TaskResult: running ? '' : index % 17 === 0 ? 'FAILED' : 'SUCCESS',
    TaskType: 'AUTO',
    StartTime: String(startMs),
    EndTime: running ? '0' : String(startMs + 40_000),
    ArtifactType: 'IMAGE',
    SourceProvider: 'DOCKER_HUB',
    SourceNamespaceName: 'library',
    SourceRepoName: `repo-${index % 40}`,
    NamespaceName: 'mirror',
    RepoName: `repo-${index % 40}`,
    TagTotalCount: 4,
    TagSubscriptionCount: 4,
    Message: '',
  };
}

/** An instance of `count` tasks, newest first, a few of them running deep in the list, that churns on demand. */
class ChurningInstance {
  readonly tasks: ChurningTaskSource;
  private next: number;

  constructor(
    readonly instanceId: string,
    count: number,
  ) {
    const deep = new Set(CHURN_DEEP_RUNNING.map((fraction) => count - 1 - Math.floor(fraction * count)));
    this.tasks = churningTaskSource(Array.from({ length: count }, (_, i) => churnTask(instanceId, count - 1 - i, deep.has(count - 1 - i))));
    this.next = count;
  }

  /** TaskIds running now: what the exporter's last listing saw in progress. */
  running(): string[] {
    return this.tasks.tasks.filter((task) => task['TaskStatus'] === 'RUNNING').map((task) => String(task['TaskId']));
  }

  /** One collection's worth of churn: the new tasks of the last round and one deep task finish, new ones arrive. */
  churn(): void {
    const running = this.running();
    const deep = running.filter((id) => Number(id.split('-').pop()) < this.next - CHURN_NEW_TASKS);
    const finishing = [...running.filter((id) => !deep.includes(id)), ...deep.slice(0, 1)];
    for (const id of finishing) this.tasks.update(id, { TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: String(CHURN_START_MS + this.next * 60_000) });
    for (let i = 0; i < CHURN_NEW_TASKS; i++) {
      this.tasks.insertAtHead(churnTask(this.instanceId, this.next, i >= CHURN_NEW_TASKS - CHURN_NEW_RUNNING));
      this.next += 1;
    }
  }

  /**
   * The target for a collection after churn: 1 + pages made only of new tasks + pages now holding
   * a task that was in progress at the last collection (each page once).
   */
  target(wasRunning: readonly string[], newTasks: number): number {
    const position = new Map(this.tasks.tasks.map((task, index) => [String(task['TaskId']), index]));
    const pages = new Set(wasRunning.map((id) => position.get(id)).filter((at) => at !== undefined).map((at) => Math.floor(at / PAGE_SIZE) + 1));
    return 1 + Math.floor(newTasks / PAGE_SIZE) + pages.size;
  }
}

function churningDataset(instances: number, tasks: number): { dataset: SimDataset; churning: ChurningInstance[] } {
  const churning = Array.from({ length: instances }, (_, i) => new ChurningInstance(`cri-churn-${String(i).padStart(4, '0')}`, tasks));
  const dataset: SimDataset = {
    regions: [
      {
        id: 'cn-hangzhou',
        instances: churning.map((instance) => ({
          instance: { InstanceId: instance.instanceId, InstanceName: instance.instanceId, InstanceSpecification: 'Enterprise_Advanced', InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' },
          rules: [],
          tasks: instance.tasks,
          listOrder: 'newest-first' as const,
        })),
      },
    ],
  };
  return { dataset, churning };
}

interface ChurnMeasurement {
  /** Task-list calls of the first collection (a full listing in both modes). */
  firstCalls: number;
  firstSeconds: number;
  /** Per collection after the first: task-list calls made, the target, seconds, and the calls of every other action. */
  steady: { calls: number; target: number; seconds: number; otherCalls: number }[];
}

/** Collections of `instances` churning instances of `tasks` tasks by one exporter (scrape mode, every scrape collects). */
async function measureChurn(
  dir: string,
  listing: 'incremental' | 'full',
  instances: number,
  tasks: number,
  apiSettings: string,
  collections = CHURN_COLLECTIONS,
): Promise<ChurnMeasurement> {
  const { dataset, churning } = churningDataset(instances, tasks);
  const simulator = await startSimulator({ dataset, credentials: [CREDENTIAL] });
  try {
    const exporter = await startExporter(simulator, dir, `churn-${listing}-${instances}x${tasks}`, '0s', apiSettings, `  listing: ${listing}\n`);
    try {
      const scrape = async (): Promise<{ calls: number; seconds: number; otherCalls: number }> => {
        simulator.requests.clear();
        const started = performance.now();
        await (await fetch(`${exporter.url}/metrics`)).text();
        const calls = listTaskCalls(simulator);
        return { calls, seconds: (performance.now() - started) / 1000, otherCalls: simulator.requests.entries.length - calls };
      };
      const first = await scrape();
      const steady: ChurnMeasurement['steady'] = [];
      for (let collection = 0; collection < collections; collection++) {
        const wasRunning = churning.map((instance) => instance.running());
        for (const instance of churning) instance.churn();
        const target = churning.reduce((sum, instance, i) => sum + instance.target(wasRunning[i]!, CHURN_NEW_TASKS), 0);
        steady.push({ ...(await scrape()), target });
      }
      return { firstCalls: first.calls, firstSeconds: first.seconds, steady };
    } finally {
      await exporter.stop();
    }
  } finally {
    await simulator.close();
  }
}

const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Per-instance task-list calls per collection, full and incremental (steady state), by instance size. */
type CallsPerInstance = Record<number, { full: number; incremental: number }>;

/** Item 2's target: a 10,000-task instance under steady churn, incremental against full. */
async function incrementalListing(dir: string): Promise<CallsPerInstance> {
  const perInstance: CallsPerInstance = {};
  for (const tasks of TABLE_TASKS) {
    const incremental = await measureChurn(dir, 'incremental', 1, tasks, BENCH_API_SETTINGS);
    const full = await measureChurn(dir, 'full', 1, tasks, BENCH_API_SETTINGS);
    perInstance[tasks] = { full: average(full.steady.map((c) => c.calls)), incremental: average(incremental.steady.map((c) => c.calls)) };
    const within = incremental.steady.every((c) => c.calls <= c.target);
    console.log(
      `incremental listing, one instance of ${tasks.toLocaleString('en')} tasks, ${CHURN_COLLECTIONS} collections each after ${CHURN_NEW_TASKS} new tasks ` +
        `(${CHURN_NEW_RUNNING} of them running) and the running ones finishing (one of ${CHURN_DEEP_RUNNING.length} deep ones per collection):`,
    );
    console.log(`  full:        first collection ${full.firstCalls} calls, then ${full.steady.map((c) => c.calls).join(', ')} calls per collection`);
    console.log(
      `  incremental: first collection ${incremental.firstCalls} calls (full), then ${incremental.steady.map((c) => c.calls).join(', ')} calls per collection; ` +
        `target (1 + new pages + pages holding in-progress tasks) ${incremental.steady.map((c) => c.target).join(', ')}: ${within ? 'within target' : 'OVER TARGET'}`,
    );
  }
  return perInstance;
}

/**
 * Collection time at the default rate, the bottleneck: calls / requestsPerSecond. The burst is left out:
 * collections that follow each other closely find the bucket nearly empty (the measured row shows it).
 */
function secondsAtDefaultRate(calls: number): number {
  return calls / DEFAULT_REQUESTS_PER_SECOND;
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Item 4: collection time and calls at the defaults, measured for 10 instances of 1,000 tasks, computed for the rest. */
async function defaultsTable(dir: string, perInstance: CallsPerInstance): Promise<void> {
  const tasks = TABLE_TASKS[0]!;
  const measured: Record<'full' | 'incremental', ChurnMeasurement> = {
    full: await measureChurn(dir, 'full', DEFAULTS_MEASURED_INSTANCES, tasks, ''),
    incremental: await measureChurn(dir, 'incremental', DEFAULTS_MEASURED_INSTANCES, tasks, ''),
  };
  for (const mode of ['full', 'incremental'] as const) {
    const steady = measured[mode].steady;
    const calls = average(steady.map((c) => c.calls));
    const other = average(steady.map((c) => c.otherCalls));
    console.log(
      `at the defaults (${DEFAULT_REQUESTS_PER_SECOND} requests/s, burst ${DEFAULT_BURST}), ${DEFAULTS_MEASURED_INSTANCES} instances of ${tasks.toLocaleString('en')} tasks, ${mode}: ` +
        `measured ${calls.toFixed(1)} task-list calls and ${other.toFixed(1)} other calls (tag results of new failures, within collection.taskResultBudget) ` +
        `and ${average(steady.map((c) => c.seconds)).toFixed(1)} s per collection (all calls / requests per second: ${secondsAtDefaultRate(calls + other).toFixed(1)} s)`,
    );
  }
  console.log('\n| instances | tasks each | full: calls | full: time | incremental: calls | incremental: time |\n|---|---|---|---|---|---|');
  for (const instances of TABLE_INSTANCES) {
    for (const size of TABLE_TASKS) {
      const isMeasured = instances === DEFAULTS_MEASURED_INSTANCES && size === tasks;
      const full = isMeasured ? average(measured.full.steady.map((c) => c.calls)) : perInstance[size]!.full * instances;
      const incremental = isMeasured ? average(measured.incremental.steady.map((c) => c.calls)) : perInstance[size]!.incremental * instances;
      const time = (mode: 'full' | 'incremental', calls: number) =>
        isMeasured ? `${average(measured[mode].steady.map((c) => c.seconds)).toFixed(1)} s (measured)` : formatSeconds(secondsAtDefaultRate(calls));
      console.log(
        `| ${instances.toLocaleString('en')} | ${size.toLocaleString('en')} | ${Math.round(full).toLocaleString('en')} | ${time('full', full)} | ` +
          `${Math.round(incremental).toLocaleString('en')} | ${time('incremental', incremental)} |`,
      );
    }
  }
}

/** Peak RSS of the first collection of 10,000 and 1,000,000 tasks, in both listing modes. */
async function memoryRows(dir: string): Promise<void> {
  // listing: full streams (memory grows with series, not tasks); incremental keeps each instance's task list.
  for (const listing of ['full', 'incremental'] as const) {
    const small = await peakMemory(dir, 100, listing);
    const large = await peakMemory(dir, 10_000, listing);
    console.log(`collection.listing ${listing}:`);
    console.log(`  peak RSS listing     10,000 tasks over ${INSTANCES} instances: ${small.rss.toFixed(1)} MiB (collection ${small.seconds.toFixed(1)} s)`);
    console.log(`  peak RSS listing  1,000,000 tasks over ${INSTANCES} instances: ${large.rss.toFixed(1)} MiB (collection ${large.seconds.toFixed(1)} s)`);
    const ratio = large.rss / small.rss;
    if (listing === 'full') {
      console.log(`  ratio ${ratio.toFixed(2)} (target <= 1.5): ${ratio <= 1.5 ? 'within target' : 'OVER TARGET'}`);
    } else {
      // On top: the known lists, bounded by collection.knownTasksMax (default 200,000 tasks).
      const allowed = 1.5 * small.rss + KNOWN_TASKS_BOUND_MIB;
      console.log(
        `  ratio ${ratio.toFixed(2)} (target: <= 1.5x plus the known lists' bound, ${KNOWN_TASKS_BOUND_MIB.toFixed(0)} MiB: <= ${allowed.toFixed(1)} MiB): ${large.rss <= allowed ? 'within target' : 'OVER TARGET'}`,
      );
    }
  }
}

/** `npm run bench -- latency` runs only the /metrics latency part, `-- adaptive` only the adaptive rate, `-- incremental` only incremental listing and the defaults table, `-- memory` only peak RSS. */
async function main(only: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'acr-bench-'));
  try {
    console.log(`acr-subscription-exporter benchmark (node ${process.version}, exporter as a child process, simulator in this process)\n`);
    if (only === 'latency') {
      await scrapeLatency(dir);
      return;
    }
    if (only === 'memory') {
      await memoryRows(dir);
      return;
    }
    if (only === 'adaptive') {
      await adaptiveRate(dir);
      return;
    }
    if (only === 'incremental') {
      await defaultsTable(dir, await incrementalListing(dir));
      return;
    }
    await callsAndColdScrapes(dir);
    await defaultsTable(dir, await incrementalListing(dir));
    await adaptiveRate(dir);
    await scrapeLatency(dir);
    await memoryRows(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv[2]);
