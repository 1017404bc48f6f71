/**
 * `helm` on PATH (test/helm/fetch-helm.sh) and `helm template` of the chart as objects, shared by the
 * chart tests that need helm. Without a helm binary they skip and say so.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect } from '@jest/globals';
import { CHART_DIR, REPO_ROOT, isPlainObject, type Values } from './chart-values.js';

export const RELEASE = 'acr';
export const NAMESPACE = 'monitoring';
export const FULLNAME = `${RELEASE}-acr-subscription-exporter`;

const helmVersion = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
export const helmFound = helmVersion.error === undefined && helmVersion.status === 0;

/** describe, or describe.skip with a note on stderr (jest drops console output of an all-skipped suite). */
export function describeWithHelm(what: string): typeof describe | typeof describe.skip {
  if (helmFound) return describe;
  process.stderr.write(`helm not found on PATH: skipped ${what}\n`);
  return describe.skip;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Values;
  data?: Record<string, string>;
}

export function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('helm', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function valuesArgs(valuesFile: string | undefined): string[] {
  return valuesFile === undefined ? [] : ['--values', path.join(CHART_DIR, valuesFile)];
}

/** `helm template` output as objects; fails the test with helm's message when it fails. */
export function render(valuesFile?: string, extraArgs: string[] = []): Manifest[] {
  const run = helm(['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...valuesArgs(valuesFile), ...extraArgs]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as unknown)
    .filter((manifest): manifest is Manifest => isPlainObject(manifest));
}

/** helm template's error for values that must fail (stderr, one line). */
export function renderError(extraArgs: string[]): string {
  const run = helm(['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...extraArgs]);
  expect(run.status).not.toBe(0);
  return run.stderr;
}

export function only(manifests: Manifest[], kind: string): Manifest {
  const matching = manifests.filter((manifest) => manifest.kind === kind);
  expect(matching.map((manifest) => manifest.kind)).toEqual([kind]);
  return matching[0] as Manifest;
}
