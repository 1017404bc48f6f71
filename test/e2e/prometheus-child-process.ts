/**
 * Child processes for the e2e tests with a real Prometheus: started with their output drained
 * line by line (a child whose pipe is not read blocks once the pipe buffer fills), remembered for
 * diagnostics, and stopped for sure: SIGTERM, then SIGKILL if it has not exited in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';

/** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Output lines kept for error messages. */
const KEPT_OUTPUT_LINES = 40;

export interface RunningProcess {
  readonly child: ChildProcess;
  /** The last lines of stdout and stderr, oldest first. */
  recentOutput(): string;
  /** Resolves with the first stdout line `match` accepts; rejects when the process exits first or after `timeoutMs`. */
  waitForLine<T>(match: (line: string) => T | undefined, timeoutMs: number): Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > KEPT_OUTPUT_LINES) recent.shift();
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    remember(line);
    for (const listener of lineListeners) listener(line);
  });
  createInterface({ input: child.stderr! }).on('line', remember);

  return {
    child,
    recentOutput: () => recent.join('\n'),
    waitForLine<T>(match: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const finish = (outcome: () => void): void => {
          clearTimeout(timer);
          lineListeners.delete(onLine);
          child.off('exit', onExit);
          outcome();
        };
        const onLine = (line: string): void => {
          const found = match(line);
          if (found !== undefined) finish(() => resolve(found));
        };
        const onExit = (code: number | null, signal: string | null): void => {
          finish(() => reject(new Error(`${command} exited (code ${code}, signal ${signal}) before the expected line:\n${recent.join('\n')}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${command}: no expected line within ${timeoutMs} ms:\n${recent.join('\n')}`))), timeoutMs);
        lineListeners.add(onLine);
        child.on('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
      });
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for programs that cannot report the port they bound). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Thrown by a probe to end polling at once (the process it waits for has died). */
export class StopPolling extends Error {
  override readonly name = 'StopPolling';
}

/**
 * Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` with
 * `what` and the last error. Errors are retried (the server may not listen yet), except StopPolling.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof StopPolling) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
