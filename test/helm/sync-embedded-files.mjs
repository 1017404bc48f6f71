#!/usr/bin/env node
// Keeps the Helm chart's copies of the alert rules and Grafana dashboards equal to their sources.
// Helm's .Files.Get cannot read outside the chart, so helm/acr-subscription-exporter/files/ holds
// copies; test/helm/embedded-files.test.ts fails when one drifts.
//
//   node test/helm/sync-embedded-files.mjs           copy every source over its copy, drop orphans
//   node test/helm/sync-embedded-files.mjs --check   change nothing; list drift, exit 1 if any
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the chart keeps its copies, from the repository root. */
export const CHART_FILES_DIR = 'helm/acr-subscription-exporter/files';

/** Sources the chart's templates need; missing ones are drift, not something to skip. */
export const REQUIRED_SOURCES = [
  'alerts/acr-subscription.rules.yml',
  'grafana/acr-subscription-overview.json',
  'grafana/acr-subscription-repository.json',
];

/** Every dashboard in this folder is embedded too, so a new one reaches the chart. */
const DASHBOARDS_DIR = 'grafana';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Source and copy paths (repository-relative) of every embedded file. */
export function listEmbeddedFiles(repoRoot = REPO_ROOT) {
  const dashboardsDir = path.join(repoRoot, DASHBOARDS_DIR);
  const dashboards = existsSync(dashboardsDir)
    ? readdirSync(dashboardsDir).filter((name) => name.endsWith('.json')).map((name) => `${DASHBOARDS_DIR}/${name}`)
    : [];
  const sources = [...new Set([...REQUIRED_SOURCES, ...dashboards])].sort();
  return sources.map((source) => ({ source, copy: `${CHART_FILES_DIR}/${path.basename(source)}` }));
}

/**
 * What differs between the sources and the chart's copies.
 * @returns {{ kind: 'missing-source' | 'missing-copy' | 'differs' | 'orphan-copy', path: string }[]}
 */
export function findDrift(repoRoot = REPO_ROOT) {
  const drift = [];
  const files = listEmbeddedFiles(repoRoot);
  for (const { source, copy } of files) {
    const sourcePath = path.join(repoRoot, source);
    const copyPath = path.join(repoRoot, copy);
    if (!existsSync(sourcePath)) drift.push({ kind: 'missing-source', path: source });
    else if (!existsSync(copyPath)) drift.push({ kind: 'missing-copy', path: copy });
    else if (!readFileSync(sourcePath).equals(readFileSync(copyPath))) drift.push({ kind: 'differs', path: copy });
  }
  const expectedCopies = new Set(files.map(({ copy }) => copy));
  const filesDir = path.join(repoRoot, CHART_FILES_DIR);
  const present = existsSync(filesDir) ? readdirSync(filesDir).map((name) => `${CHART_FILES_DIR}/${name}`) : [];
  for (const copy of present) {
    if (!expectedCopies.has(copy)) drift.push({ kind: 'orphan-copy', path: copy });
  }
  return drift;
}

/** Copies every existing source over its copy and removes orphan copies; returns what it did. */
export function syncEmbeddedFiles(repoRoot = REPO_ROOT) {
  const actions = [];
  for (const { kind, path: driftPath } of findDrift(repoRoot)) {
    if (kind === 'orphan-copy') {
      rmSync(path.join(repoRoot, driftPath));
      actions.push(`removed ${driftPath}`);
    } else if (kind === 'missing-source') {
      actions.push(`cannot copy ${driftPath}: it does not exist`);
    }
  }
  for (const { source, copy } of listEmbeddedFiles(repoRoot)) {
    const sourcePath = path.join(repoRoot, source);
    if (!existsSync(sourcePath)) continue;
    const copyPath = path.join(repoRoot, copy);
    if (existsSync(copyPath) && readFileSync(sourcePath).equals(readFileSync(copyPath))) continue;
    copyFileSync(sourcePath, copyPath);
    actions.push(`copied ${source} -> ${copy}`);
  }
  return actions;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.includes('--check')) {
    const drift = findDrift();
    for (const { kind, path: driftPath } of drift) console.log(`${kind}: ${driftPath}`);
    console.log(drift.length === 0 ? 'embedded files in sync' : `${drift.length} embedded file(s) out of sync`);
    process.exitCode = drift.length === 0 ? 0 : 1;
  } else {
    const actions = syncEmbeddedFiles();
    for (const action of actions) console.log(action);
    const missing = findDrift().filter(({ kind }) => kind === 'missing-source');
    console.log(actions.length === 0 ? 'embedded files already in sync' : `${actions.length} change(s)`);
    process.exitCode = missing.length === 0 ? 0 : 1;
  }
}
