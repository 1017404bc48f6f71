/**
 * Signals, with the built CLI: SIGHUP re-reads the configuration file (instances added and removed,
 * counters kept), a broken file is logged in one line and the running configuration kept, a changed
 * listen address is kept until a restart; SIGUSR1 does not open the Node.js inspector.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startCli, type CliRun } from '../support/cli-process.js';
import { parseExposition, sampleValue, type Sample } from '../support/exposition.js';
import { finishKnownTasks, KNOWN_CREDENTIAL, knownDataset } from '../fixtures/known-dataset.js';

const INSPECTOR_PORT = 9229;
const LOG_TIMEOUT_MS = 10_000;

const dataset = knownDataset();
let simulator: RunningSimulator;
let workDir: string;
let configFile: string;
let run: CliRun;

function writeConfig(instances: Record<string, string[]>, extra = ''): void {
  const regions = Object.entries(instances)
    .map(([id, ids]) => `  - id: ${id}\n    endpoint: ${simulator.endpoint(id)}\n    protocol: http\n    instances: [${ids.join(', ')}]\n`)
    .join('');
  // cacheTtl 0s: every scrape collects, so each one sees the dataset as it is.
  writeFileSync(configFile, `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\n${extra || 'collection:\n  cacheTtl: 0s\n'}`);
}

/** Resolves with the first log line (parsed) after `from` characters of stdout that satisfies `match`. */
function waitForLog(from: number, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const check = () => {
      for (const text of run.stdout().slice(from).split('\n')) {
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        if (match(line)) {
          run.child.stdout!.off('data', check);
          clearTimeout(timer);
          resolve(line);
          return;
        }
      }
    };
    const timer = setTimeout(() => {
      run.child.stdout!.off('data', check);
      reject(new Error(`no matching log line within ${LOG_TIMEOUT_MS} ms; stdout since: ${run.stdout().slice(from)}`));
    }, LOG_TIMEOUT_MS);
    run.child.stdout!.on('data', check);
    check();
  });
}

async function scrape(): Promise<Sample[]> {
  return parseExposition(await (await fetch(`${run.url}/metrics`)).text());
}

const collected = (samples: Sample[]) =>
  samples.filter((sample) => sample.name === 'acr_exporter_collect_success').map((sample) => sample.labels['instance_id']).sort();

/** Ports the process listens on over TCP: its socket fds matched with /proc/net/tcp{,6} LISTEN entries. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return match ? [match[1]!] : [];
      } catch {
        return []; // the fd closed meanwhile
      }
    }),
  );
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (local === undefined || state !== '0A' || inode === undefined || !inodes.has(inode)) continue; // 0A = LISTEN
      ports.push(parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-reload-'));
  configFile = join(workDir, 'config.yml');
  simulator = await startSimulator({ dataset, credentials: [KNOWN_CREDENTIAL] });
  writeConfig({ 'cn-hangzhou': ['cri-alpha'] });
  run = await startCli(['--config', configFile], {
    ALIBABA_CLOUD_ACCESS_KEY_ID: KNOWN_CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: KNOWN_CREDENTIAL.accessKeySecret,
  });
});

afterAll(async () => {
  await run?.stop();
  await simulator.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('SIGHUP', () => {
  it('applies added and removed instances without a restart and keeps the counters', async () => {
    expect(sampleValue(await scrape(), 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(0); // the baseline
    finishKnownTasks(dataset); // t7 and t8 succeed, t3 fails
    const before = await scrape();
    expect(collected(before)).toEqual(['cri-alpha']);
    expect(sampleValue(before, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(2);
    const apiCallsBefore = sampleValue(before, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionTask', code: 'success' })!;
    expect(apiCallsBefore).toBeGreaterThan(0);

    writeConfig({ 'cn-hangzhou': ['cri-alpha'], 'cn-shanghai': ['cri-gamma'] });
    let mark = run.stdout().length;
    run.child.kill('SIGHUP');
    expect((await waitForLog(mark, (line) => line.msg === 'configuration reloaded')).changed).toEqual(['regions']);
    const added = await scrape();
    expect(collected(added)).toEqual(['cri-alpha', 'cri-gamma']);
    // Counters and the completion tracker survived: alpha's finished tasks listed again are not counted
    // again, and nothing was reset; gamma's first listing is its baseline.
    expect(sampleValue(added, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBe(2);
    expect(sampleValue(added, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-gamma', result: 'SUCCESS' })).toBe(0);
    expect(sampleValue(added, 'acr_exporter_api_requests_total', { action: 'ListArtifactSubscriptionTask', code: 'success' })).toBe(apiCallsBefore + 2);
    expect(sampleValue(added, 'acr_exporter_config_last_reload_successful')).toBe(1);

    writeConfig({ 'cn-shanghai': ['cri-gamma'] });
    mark = run.stdout().length;
    run.child.kill('SIGHUP');
    await waitForLog(mark, (line) => line.msg === 'configuration reloaded');
    const removed = await scrape();
    expect(collected(removed)).toEqual(['cri-gamma']);
    expect(sampleValue(removed, 'acr_subscription_tasks_completed_total', { instance_id: 'cri-alpha', result: 'SUCCESS' })).toBeUndefined();
  });

  it('logs a broken file in one line naming the problem and keeps serving the running configuration', async () => {
    writeConfig({ 'cn-shanghai': ['cri-gamma'] }, 'collection:\n  mode: sometimes\n');
    const mark = run.stdout().length;
    run.child.kill('SIGHUP');
    const line = await waitForLog(mark, (logged) => logged.msg === 'configuration reload failed; the running configuration is kept');
    expect(line.level).toBe('error');
    expect(String(line.error)).toContain('collection.mode');
    expect(String(line.error)).not.toContain('\n');

    const samples = await scrape();
    expect(collected(samples)).toEqual(['cri-gamma']);
    expect(sampleValue(samples, 'acr_exporter_config_last_reload_successful')).toBe(0);
    expect(run.child.exitCode).toBeNull();
  });

  it('keeps the bound listen address until a restart, and says so', async () => {
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('collection:\n  mode: sometimes\n', '').replace('127.0.0.1:0', '127.0.0.1:1'));
    const mark = run.stdout().length;
    run.child.kill('SIGHUP');
    const warning = await waitForLog(mark, (line) => line.key === 'web.listenAddress');
    expect(warning).toMatchObject({ level: 'warn', running: '127.0.0.1:0', configured: '127.0.0.1:1' });
    await waitForLog(mark, (line) => line.msg === 'configuration reloaded');
    const samples = await scrape();
    expect(sampleValue(samples, 'acr_exporter_config_last_reload_successful')).toBe(1);
  });
});

describe('SIGUSR1', () => {
  it('is logged and ignored: the process keeps serving and no inspector listens', async () => {
    const pid = run.child.pid!;
    const httpPort = Number(new URL(run.url).port);
    expect(listeningPorts(pid)).toContain(httpPort); // the probe sees the process's own listener

    const mark = run.stdout().length;
    run.child.kill('SIGUSR1');
    await waitForLog(mark, (line) => line.signal === 'SIGUSR1');
    expect((await fetch(`${run.url}/-/healthy`)).status).toBe(200);
    expect(run.child.exitCode).toBeNull();
    expect(listeningPorts(pid)).not.toContain(INSPECTOR_PORT);
    expect(run.stderr()).not.toMatch(/debugger|inspector/i);
  });
});
