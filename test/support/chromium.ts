/**
 * Debian's `chromium` for the tests that look at a page in a real browser, driven by playwright-core
 * (which never downloads a browser of its own). Like the Prometheus binaries
 * (prometheus-binaries.ts): in CI (CI=true) a missing browser fails the test, elsewhere the test is
 * skipped with a console line saying how to install it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describeIfAvailable, findBinary } from './prometheus-binaries.js';

export const CHROMIUM_INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/**
 * Headless, and quiet on the network: no QUIC, no first-run, background, component-update or sync
 * traffic, so the only requests are the page's own.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a browser test does: run with the browser's path, fail (CI), or skip (elsewhere). */
export type ChromiumPlan = { action: 'run'; path: string } | { action: 'fail'; message: string } | { action: 'skip'; message: string };

export function planForChromium(environment: NodeJS.ProcessEnv = process.env, fallbackDirectories: readonly string[] = ['/usr/bin']): ChromiumPlan {
  const path = findBinary('chromium', environment.PATH, fallbackDirectories);
  if (path !== undefined) return { action: 'run', path };
  if (environment.CI === 'true') return { action: 'fail', message: `chromium not found: ${CHROMIUM_INSTALL_COMMAND}` };
  return { action: 'skip', message: `chromium not found. Install with: ${CHROMIUM_INSTALL_COMMAND}` };
}

export interface RunningChromium {
  /** The browser's one context, on the fresh profile. */
  context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/**
 * Starts chromium at `executablePath` with a fresh profile in a temporary directory (playwright takes
 * the profile as launchPersistentContext's argument, not as --user-data-dir).
 */
export async function launchChromium(executablePath: string): Promise<RunningChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'acr-exporter-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args: CHROMIUM_ARGS });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** describeIfAvailable for chromium: `body` receives the browser's path (the bare name when the suite is skipped). */
export function describeWithChromium(title: string, body: (executablePath: string) => void): void {
  const plan = planForChromium();
  describeIfAvailable(title, plan, 'chromium', () => body(plan.action === 'run' ? plan.path : 'chromium'));
}
