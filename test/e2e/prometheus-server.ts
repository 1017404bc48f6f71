/**
 * A real Prometheus (Debian's package) on a free 127.0.0.1 port with a temporary config and
 * TSDB, scraping one job every second with our rules loaded, and a small client for its HTTP API.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { StopPolling, freePort, pollUntil, startProcess, type RunningProcess } from './prometheus-child-process.js';

/** Scrape and rule evaluation every second, so a test sees several of each within seconds. */
const SCRAPE_INTERVAL = '1s';
/** How long Prometheus may take to become ready. */
const READY_TIMEOUT_MS = 30_000;

export interface PrometheusOptions {
  binary: string;
  jobName: string;
  /** host:port of each target of the job. */
  targets: string[];
  /** Absolute paths of rule files to load. */
  ruleFiles: string[];
  /** Labels every target gets, as service discovery would add them (e.g. prometheus-operator's `namespace`). */
  targetLabels?: Record<string, string>;
  /** The job's metric_relabel_configs, in Prometheus' own (snake_case) form. */
  metricRelabelConfigs?: Record<string, unknown>[];
}

/** One series of an instant query's result. */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface QueryResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: 'vector' | 'scalar' | 'matrix' | 'string'; result: unknown };
}

export interface PrometheusServer {
  readonly url: string;
  readonly process: RunningProcess;
  /** An instant query through /api/v1/query (at `time`, Unix seconds, or now), answered as Prometheus answers it (errors included). */
  query(expr: string, time?: number): Promise<QueryResponse>;
  /** The samples of an instant query (at `time`, Unix seconds, or now) that must succeed and return a vector. */
  vector(expr: string, time?: number): Promise<Sample[]>;
  /** GET an API path (such as /api/v1/rules) and return its `data`. */
  api<T>(apiPath: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const directory = mkdtempSync(path.join(tmpdir(), 'acr-prometheus-'));
  const configFile = path.join(directory, 'prometheus.yml');
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
      rule_files: options.ruleFiles,
      scrape_configs: [
        {
          job_name: options.jobName,
          static_configs: [{ targets: options.targets, ...(options.targetLabels ? { labels: options.targetLabels } : {}) }],
          ...(options.metricRelabelConfigs ? { metric_relabel_configs: options.metricRelabelConfigs } : {}),
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prometheus = startProcess(
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(directory, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    process.env,
  );
  const stop = async (): Promise<void> => {
    await prometheus.stop();
    rmSync(directory, { recursive: true, force: true });
  };

  const query = async (expr: string, time?: number): Promise<QueryResponse> => {
    const response = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr, ...(time === undefined ? {} : { time: String(time) }) }),
    });
    return (await response.json()) as QueryResponse;
  };
  const server: PrometheusServer = {
    url,
    process: prometheus,
    query,
    async vector(expr: string, time?: number): Promise<Sample[]> {
      const response = await query(expr, time);
      if (response.status !== 'success' || response.data?.resultType !== 'vector') {
        throw new Error(`query ${expr} failed: ${response.errorType ?? ''} ${response.error ?? JSON.stringify(response.data)}`);
      }
      return response.data.result as Sample[];
    },
    async api<T>(apiPath: string): Promise<T> {
      const response = await fetch(url + apiPath);
      const body = (await response.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`GET ${apiPath}: ${body.error ?? response.status}`);
      return body.data;
    },
    stop,
  };

  try {
    await pollUntil(
      'Prometheus /-/ready',
      async () => {
        if (prometheus.child.exitCode !== null) throw new StopPolling(`prometheus exited with code ${prometheus.child.exitCode}`);
        const response = await fetch(`${url}/-/ready`);
        return response.ok ? true : undefined;
      },
      READY_TIMEOUT_MS,
    );
  } catch (error) {
    const output = prometheus.recentOutput();
    await stop();
    throw new Error(`${String(error)}\n${output}`);
  }
  return server;
}
