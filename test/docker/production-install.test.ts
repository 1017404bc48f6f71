/**
 * Replays the Dockerfile's runtime stage without a Docker engine, in a directory standing for its
 * WORKDIR: copies the manifests and the build stage's dist/, runs
 * `npm ci --omit=dev --ignore-scripts`, starts the ENTRYPOINT in demo mode and scrapes /metrics.
 * Every step comes from parsing the Dockerfile, so a file the image lacks, or a runtime dependency
 * that is only a devDependency, fails here. Needs the npm registry.
 *
 * The build stage builds in its WORKDIR what `npm run build` builds in the repository (npm test
 * runs it first), so its output is taken from here. ACR_DOCKER_REPLAY_BUILD=1 replays the build
 * stage too (its own `npm ci` and `npm run build`, about a minute more).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, readDockerfileStages } from './dockerfile-stages.js';
import { planStage, replayStage, type StagePlan } from './stage-replay.js';

/** One npm command: `npm ci` may download every dependency from the registry. */
const NPM_COMMAND_TIMEOUT_MS = 180_000;
/** Both stages at most: two installs and a TypeScript build. */
const REPLAY_TIMEOUT_MS = 420_000;
/** ACR_DOCKER_REPLAY_BUILD=1: replay the build stage instead of taking the repository's dist/. */
const REPLAY_BUILD_STAGE = process.env.ACR_DOCKER_REPLAY_BUILD === '1';
/** From start to the "listening" log line, simulator and first collection included. */
const START_TIMEOUT_MS = 30_000;
/** `docker stop` sends SIGKILL after 10 s; the exporter must be gone before that. */
const STOP_TIMEOUT_MS = 10_000;

interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** Every file and directory under `root` with its size and mtime. */
function stampTree(root: string): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: false }) as string[]) {
    const stat = lstatSync(path.join(root, entry));
    stamps.set(entry, { size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return stamps;
}

function changedPaths(before: Map<string, FileStamp>, after: Map<string, FileStamp>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => JSON.stringify(before.get(key)) !== JSON.stringify(after.get(key))).sort();
}

/** Resolves with the `url` of the first JSON log line whose msg is "listening". */
function waitForListening(child: ChildProcessWithoutNullStreams, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" log line within ${START_TIMEOUT_MS} ms; stderr: ${stderr()}`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let record: { msg?: unknown; url?: unknown };
      try {
        record = JSON.parse(line) as { msg?: unknown; url?: unknown };
      } catch {
        return; // the demo also prints plain lines (the URLs to open)
      }
      if (record.msg === 'listening' && typeof record.url === 'string') {
        clearTimeout(timer);
        resolve(record.url);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exporter exited (${code ?? signal}) before listening; stderr: ${stderr()}`));
    });
  });
}

function waitForExit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running ${STOP_TIMEOUT_MS} ms after SIGTERM`)), STOP_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('Docker image, replayed stage by stage', () => {
  let scratch: string | undefined;
  let appDir: string;
  let homeDir: string;
  let tmpDir: string;
  let runtime: StagePlan;
  let exporter: ChildProcessWithoutNullStreams | undefined;
  let stderrText = '';
  let baseUrl: string;
  let treeAfterInstall: Map<string, FileStamp>;

  beforeAll(async () => {
    const stages = readDockerfileStages();
    const plans = stages.map((stage) => planStage(stage, stages));
    scratch = mkdtempSync(path.join(os.tmpdir(), 'acr-docker-replay-'));
    const stageDirs = new Map<string, string>();
    for (const [index, plan] of plans.entries()) {
      if (index < plans.length - 1 && !REPLAY_BUILD_STAGE) {
        if (!existsSync(path.join(REPO_ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js missing: run `npm run build` first (npm test does)');
        if (plan.name !== undefined) stageDirs.set(plan.name, REPO_ROOT);
        continue;
      }
      const stageDir = path.join(scratch, `stage-${index}`);
      await replayStage(plan, { contextDir: REPO_ROOT, stageDir, stageDirs }, NPM_COMMAND_TIMEOUT_MS);
      if (plan.name !== undefined) stageDirs.set(plan.name, stageDir);
    }
    runtime = plans.at(-1) as StagePlan;
    appDir = path.join(scratch, `stage-${plans.length - 1}`);
    homeDir = path.join(scratch, 'home');
    tmpDir = path.join(scratch, 'tmp');
    for (const dir of [homeDir, tmpDir]) mkdirSync(dir);
    treeAfterInstall = stampTree(appDir);

    const [program, script, ...entrypointArgs] = runtime.entrypoint ?? [];
    expect(program).toBe('node');
    const localScript = path.join(appDir, path.posix.relative(runtime.workdir, script ?? ''));
    // Only what a container would have: no credentials, a fresh HOME and TMPDIR to watch.
    const env = { PATH: process.env.PATH ?? '', HOME: homeDir, TMPDIR: tmpDir, ...runtime.env };
    exporter = spawn(process.execPath, [localScript, ...entrypointArgs, '--demo', '--web.listen-address', '127.0.0.1:0'], {
      cwd: appDir,
      env,
    });
    exporter.stderr.on('data', (chunk: Buffer) => {
      stderrText += chunk.toString();
    });
    baseUrl = await waitForListening(exporter, () => stderrText);
  }, REPLAY_TIMEOUT_MS);

  afterAll(() => {
    if (exporter !== undefined && exporter.exitCode === null && exporter.signalCode === null) exporter.kill('SIGKILL');
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('ships dist/ and production dependencies only, no sources', () => {
    const installed = new Set(readdirSync(path.join(appDir, 'node_modules')));
    const shipped = readdirSync(appDir).sort();

    expect(shipped).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    expect(installed.has('prom-client')).toBe(true);
    expect(installed.has('express')).toBe(true);
    expect(installed.has('jest')).toBe(false);
    expect(installed.has('typescript')).toBe(false);
  });

  it('serves /metrics with subscription task and build info series', async () => {
    const response = await fetch(new URL('/metrics', baseUrl));
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(body).toMatch(/^acr_subscription_tasks\{[^}]*region="cn-hangzhou"[^}]*\} \d+/m);
    expect(body).toMatch(/^acr_exporter_build_info\{[^}]*version="[^"]+"[^}]*\} 1$/m);
  });

  it('writes nothing to its directory, HOME or TMPDIR, so a read-only root filesystem works', () => {
    expect(changedPaths(treeAfterInstall, stampTree(appDir))).toEqual([]);
    expect(readdirSync(homeDir)).toEqual([]);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  it('exits 0 on SIGTERM, as `docker stop` sends it', async () => {
    const running = exporter as ChildProcessWithoutNullStreams;

    running.kill('SIGTERM');

    expect(await waitForExit(running)).toBe(0);
  });
});
