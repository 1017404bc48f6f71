/**
 * Finds Debian's `prometheus` and `promtool` for the tests that need a real Prometheus, and
 * decides what a test does without them: in CI (CI=true) it fails, because CI installs them and
 * a silent skip there would hide a broken setup; on a developer machine it is skipped (shown as
 * skipped in the jest summary) with a console line saying how to install them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from '@jest/globals';

export type PrometheusBinary = 'prometheus' | 'promtool';

/** Looked at after PATH: where Debian's package puts the binaries, also when PATH is minimal. */
const FALLBACK_DIRECTORIES = ['/usr/bin'];

export const INSTALL_COMMAND = 'apt-get update && apt-get install -y prometheus';

/** The absolute path of an executable named `name` on `searchPath` or in the fallback directories, or undefined. */
export function findBinary(
  name: string,
  searchPath: string | undefined = process.env.PATH,
  fallbackDirectories: readonly string[] = FALLBACK_DIRECTORIES,
): string | undefined {
  const directories = [...(searchPath ?? '').split(delimiter).filter((directory) => directory !== ''), ...fallbackDirectories];
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

/** The message a CI run fails with when a binary is missing. */
export function missingBinaryMessage(name: PrometheusBinary): string {
  return `${name} not found: apt-get install -y prometheus`;
}

export type BinaryPaths<B extends PrometheusBinary> = Record<B, string>;

/** What a test that needs the binaries does: run with their paths, fail (CI), or skip (elsewhere). */
export type BinaryPlan<B extends PrometheusBinary> =
  | { action: 'run'; paths: BinaryPaths<B> }
  | { action: 'fail'; message: string }
  | { action: 'skip'; message: string };

export function planForBinaries<B extends PrometheusBinary>(
  binaries: readonly B[],
  environment: NodeJS.ProcessEnv = process.env,
  fallbackDirectories: readonly string[] = FALLBACK_DIRECTORIES,
): BinaryPlan<B> {
  const found = Object.fromEntries(binaries.map((name) => [name, findBinary(name, environment.PATH, fallbackDirectories)])) as Record<B, string | undefined>;
  const missing = binaries.filter((name) => found[name] === undefined);
  if (missing.length === 0) return { action: 'run', paths: found as BinaryPaths<B> };
  if (environment.CI === 'true') return { action: 'fail', message: missing.map(missingBinaryMessage).join('; ') };
  return { action: 'skip', message: `${missing.join(' and ')} not found. Install with: ${INSTALL_COMMAND}` };
}

/** Whether a suite's external tools are there, as a plan: run, fail (CI), or skip (elsewhere). */
export type ToolAvailability = { action: 'run' } | { action: 'fail'; message: string } | { action: 'skip'; message: string };

/**
 * `describe(title, body)` when the tools are found; otherwise a failing test ("finds <what>") in CI,
 * or a `describe.skip` elsewhere, so the skip shows in the jest summary, with a console line saying
 * why. `body` must only register hooks and tests (a skipped describe still runs it to collect them).
 */
export function describeIfAvailable(title: string, plan: ToolAvailability, what: string, body: () => void): void {
  switch (plan.action) {
    case 'run':
      describe(title, body);
      return;
    case 'fail':
      describe(title, () => {
        it(`finds ${what}`, () => {
          throw new Error(plan.message);
        });
      });
      return;
    case 'skip':
      console.log(`Skipping "${title}": ${plan.message}`);
      describe.skip(title, body);
  }
}

/**
 * describeIfAvailable for the Prometheus binaries: `body` receives their paths (the bare names when
 * the suite is skipped).
 */
export function describeWithBinaries<B extends PrometheusBinary>(binaries: readonly B[], title: string, body: (paths: BinaryPaths<B>) => void): void {
  const plan = planForBinaries(binaries);
  const bareNames = Object.fromEntries(binaries.map((name) => [name, name as string])) as BinaryPaths<B>;
  describeIfAvailable(title, plan, 'the Prometheus binaries it needs', () => body(plan.action === 'run' ? plan.paths : bareNames));
}
