import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findBinary, planForBinaries } from '../support/prometheus-binaries.js';

describe('the Prometheus binaries helper', () => {
  let withBoth: string;
  let withPromtoolOnly: string;
  let empty: string;

  function fakeBinary(directory: string, name: string, mode = 0o755): string {
    const file = path.join(directory, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, mode);
    return file;
  }

  beforeAll(() => {
    withBoth = mkdtempSync(path.join(tmpdir(), 'acr-bin-'));
    withPromtoolOnly = mkdtempSync(path.join(tmpdir(), 'acr-bin-'));
    empty = mkdtempSync(path.join(tmpdir(), 'acr-bin-'));
    fakeBinary(withBoth, 'promtool');
    fakeBinary(withBoth, 'prometheus');
    fakeBinary(withPromtoolOnly, 'promtool');
    fakeBinary(empty, 'prometheus', 0o644); // present but not executable: does not count
  });

  afterAll(() => {
    for (const directory of [withBoth, withPromtoolOnly, empty]) rmSync(directory, { recursive: true, force: true });
  });

  it('finds an executable on PATH, first directory first', () => {
    expect(findBinary('promtool', [withPromtoolOnly, withBoth].join(path.delimiter), [])).toBe(path.join(withPromtoolOnly, 'promtool'));
  });

  it('looks in the fallback directories after PATH, and skips files that are not executable', () => {
    expect(findBinary('prometheus', empty, [withBoth])).toBe(path.join(withBoth, 'prometheus'));
    expect(findBinary('prometheus', empty, [])).toBeUndefined();
  });

  it('runs the tests with the paths when every binary is found', () => {
    expect(planForBinaries(['promtool', 'prometheus'], { PATH: withBoth, CI: 'true' }, [])).toEqual({
      action: 'run',
      paths: { promtool: path.join(withBoth, 'promtool'), prometheus: path.join(withBoth, 'prometheus') },
    });
  });

  it('fails in CI, naming the missing binary and the package to install', () => {
    expect(planForBinaries(['promtool', 'prometheus'], { PATH: withPromtoolOnly, CI: 'true' }, [])).toEqual({
      action: 'fail',
      message: 'prometheus not found: apt-get install -y prometheus',
    });
    expect(planForBinaries(['promtool'], { PATH: empty, CI: 'true' }, [])).toEqual({ action: 'fail', message: 'promtool not found: apt-get install -y prometheus' });
  });

  it('skips elsewhere, saying how to install', () => {
    expect(planForBinaries(['promtool'], { PATH: empty }, [])).toEqual({
      action: 'skip',
      message: 'promtool not found. Install with: apt-get update && apt-get install -y prometheus',
    });
  });
});
