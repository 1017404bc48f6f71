/**
 * Config fuzz through the built CLI: a fixed subset of the hostile cases (hostile-configs.ts) run
 * with --check-config. Each must exit 2 with exactly one line on stderr and nothing on stdout.
 * A spawn timeout guards against a hang (a FIFO, /dev/zero); it is not a timing assertion.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH } from '../support/cli-process.js';
import { hostileCases, type HostileCase } from '../config/hostile-configs.js';

/** Far above the time a refusal takes; only a hang reaches it. */
const HANG_GUARD_MS = 15_000;
const SUBSET_SIZE = 20;
/** Always in the subset: the cases the audit found hanging, crashing or leaking. */
const MUST_RUN = [
  'a FIFO',
  '/dev/zero',
  'a directory',
  'a 2 MiB file',
  'a dotenv file',
  'a secret under log.level',
  'listen address 999.999.999.999:9742',
  'api.requestsPerSecond 1e-7',
];

const workDir = mkdtempSync(join(tmpdir(), 'acr-cli-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** NUL cannot be passed in argv or env, so cases holding one run through loadConfig only. */
const runnable = hostileCases(workDir).filter((hostile) => ![...hostile.argv, ...Object.entries(hostile.env).flat()].some((text) => text.includes('\u0000')));
const named = runnable.filter((hostile) => MUST_RUN.some((name) => hostile.name.startsWith(name)));
const rest = runnable.filter((hostile) => !named.includes(hostile));
const step = Math.floor(rest.length / (SUBSET_SIZE - named.length));
const subset: HostileCase[] = [...named, ...rest.filter((_, index) => index % step === 0)].slice(0, SUBSET_SIZE);

function runCheckConfig(hostile: HostileCase): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_PATH, '--check-config', ...hostile.argv], {
    env: { PATH: process.env.PATH, ...hostile.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: HANG_GUARD_MS,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('config fuzz through the built CLI', () => {
  it(`runs ${SUBSET_SIZE} cases, the audit's among them`, () => {
    expect([subset.length, named.length]).toEqual([SUBSET_SIZE, MUST_RUN.length]);
  });

  it.each(subset.map((hostile) => [hostile.name, hostile] as const))('%s: exit 2, one line on stderr', async (_name, hostile) => {
    const { code, signal, stdout, stderr } = await runCheckConfig(hostile);

    expect({ code, signal, stdout }).toEqual({ code: 2, signal: null, stdout: '' });
    expect(stderr).toMatch(/^acr-subscription-exporter: [^\n]+\n$/);
    if (hostile.secret) expect(stderr).not.toContain(hostile.secret);
  });
});
