/**
 * The built exporter (dist/cli.js) in demo mode, as a child process on a free loopback port, for
 * the tests that put a real Prometheus or promtool in front of it. `npm test` builds dist/ first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type RunningProcess } from './prometheus-child-process.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

/** How long the demo may take to print its "listening" line. */
const START_TIMEOUT_MS = 20_000;

export interface DemoExporter {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** 127.0.0.1:PORT, as a Prometheus target. */
  readonly hostPort: string;
  readonly process: RunningProcess;
  stop(): Promise<void>;
}

/** The environment without our own config variables or cloud credentials, so the developer's shell cannot change the demo. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ACR_') && !name.startsWith('ALIBABA_CLOUD_')));
}

function listeningUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined; // not a JSON log line (the demo also prints plain text)
  }
}

/** Starts `node dist/cli.js --demo` with `extraArgs` and resolves once it listens. */
export async function startDemoExporter(extraArgs: string[] = []): Promise<DemoExporter> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" first (npm test does)`);
  const exporter = startProcess(process.execPath, [CLI_PATH, '--demo', '--web.listen-address', '127.0.0.1:0', ...extraArgs], cleanEnvironment());
  try {
    const url = await exporter.waitForLine(listeningUrl, START_TIMEOUT_MS);
    return { url, hostPort: new URL(url).host, process: exporter, stop: () => exporter.stop() };
  } catch (error) {
    await exporter.stop();
    throw error;
  }
}
