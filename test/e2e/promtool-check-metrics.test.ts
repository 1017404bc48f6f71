/**
 * `promtool check metrics` on the demo exporter's /metrics: naming, help texts, units and
 * counters ending in _total, as Prometheus' own linter sees them.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { pollUntil } from './prometheus-child-process.js';
import { startDemoExporter, type DemoExporter } from './prometheus-demo-exporter.js';

const FIRST_COLLECTION_TIMEOUT_MS = 30_000;

/** Runs `promtool check metrics` with `exposition` on stdin. */
function checkMetrics(promtool: string, exposition: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, output }));
    child.stdin.end(exposition);
  });
}

describeWithBinaries(['promtool'], 'promtool check metrics on the demo exporter', ({ promtool }) => {
  let exporter: DemoExporter | undefined;
  let exposition = '';

  beforeAll(async () => {
    exporter = await startDemoExporter(['--collection.mode', 'interval', '--collection.interval', '1s']);
    const metricsUrl = `${exporter.url}/metrics`;
    // Wait for a collection, so the output holds every kind of series the demo produces.
    exposition = await pollUntil(
      'a /metrics with collected tasks',
      async () => {
        const body = await (await fetch(metricsUrl)).text();
        return body.includes('acr_subscription_repository_last_task_info{') ? body : undefined;
      },
      FIRST_COLLECTION_TIMEOUT_MS,
    );
  }, FIRST_COLLECTION_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await exporter?.stop();
  });

  it('finds no problem in /metrics', async () => {
    const result = await checkMetrics(promtool, exposition);

    expect(result.output).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('is checked on a full exposition: domain, exporter and process metrics', () => {
    for (const name of ['acr_subscription_tasks', 'acr_subscription_task_duration_seconds_bucket', 'acr_exporter_api_requests_total', 'process_cpu_seconds_total']) {
      expect(exposition).toContain(`\n${name}`);
    }
  });
});
