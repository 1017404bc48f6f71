#!/usr/bin/env node
// Runs the jest suite (ESM mode) and ends with the line "N passed, N failed, N skipped"
// so that CI reads the result from the summary rather than from the exit code alone.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const RESULTS_FILE = '.test-results.json';
const jestBin = createRequire(import.meta.url).resolve('jest/package.json').replace(/package\.json$/, 'bin/jest.js');

rmSync(RESULTS_FILE, { force: true });
const run = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jestBin, '--json', `--outputFile=${RESULTS_FILE}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let summary;
try {
  summary = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error(`jest wrote no result file (exit ${run.status ?? run.signal})`);
  process.exit(1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
// A suite that fails to load has no failed tests but is still a failure.
const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
console.log(`${summary.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
