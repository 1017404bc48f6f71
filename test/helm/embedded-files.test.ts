import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './chart-values.js';
import { CHART_FILES_DIR, REQUIRED_SOURCES, findDrift, listEmbeddedFiles, syncEmbeddedFiles } from './sync-embedded-files.mjs';

describe('files embedded in the Helm chart', () => {
  it('include the alert rules and both dashboards', () => {
    const sources = listEmbeddedFiles().map((file) => file.source);

    expect(sources).toEqual(expect.arrayContaining([...REQUIRED_SOURCES]));
    expect(listEmbeddedFiles().every((file) => file.copy.startsWith(`${CHART_FILES_DIR}/`))).toBe(true);
  });

  it('are byte-for-byte copies of their sources (fix: node test/helm/sync-embedded-files.mjs)', () => {
    expect(findDrift()).toEqual([]);
  });
});

describe('sync-embedded-files', () => {
  let scratch: string | undefined;

  afterEach(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  /** The repository's sources in a temporary directory, with the chart's copies in sync. */
  function scratchRepository(): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'acr-embedded-files-'));
    scratch = root;
    mkdirSync(path.join(root, CHART_FILES_DIR), { recursive: true });
    for (const { source } of listEmbeddedFiles()) {
      mkdirSync(path.dirname(path.join(root, source)), { recursive: true });
      if (existsSync(path.join(REPO_ROOT, source))) cpSync(path.join(REPO_ROOT, source), path.join(root, source));
    }
    syncEmbeddedFiles(root);
    expect(findDrift(root)).toEqual([]);
    return root;
  }

  it('reports an edited source, a missing source and an orphan copy, and sync repairs what it can', () => {
    const root = scratchRepository();
    const [rules, overview] = REQUIRED_SOURCES as [string, string, ...string[]];
    writeFileSync(path.join(root, rules), '# edited\ngroups: []\n');
    rmSync(path.join(root, overview));
    writeFileSync(path.join(root, CHART_FILES_DIR, 'old-dashboard.json'), '{}\n');

    expect(findDrift(root)).toEqual(
      expect.arrayContaining([
        { kind: 'differs', path: `${CHART_FILES_DIR}/${path.basename(rules)}` },
        { kind: 'missing-source', path: overview },
        { kind: 'orphan-copy', path: `${CHART_FILES_DIR}/old-dashboard.json` },
      ]),
    );

    syncEmbeddedFiles(root);

    expect(findDrift(root)).toEqual([{ kind: 'missing-source', path: overview }]);
  });

  it('reports a source whose copy was never made', () => {
    const root = scratchRepository();
    const [, , repository] = REQUIRED_SOURCES as [string, string, string];
    rmSync(path.join(root, CHART_FILES_DIR, path.basename(repository)));

    expect(findDrift(root)).toEqual([{ kind: 'missing-copy', path: `${CHART_FILES_DIR}/${path.basename(repository)}` }]);
  });
});
