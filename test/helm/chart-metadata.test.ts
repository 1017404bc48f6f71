import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CHART_DIR, REPO_ROOT, chartValues, readChartYaml, type Values } from './chart-values.js';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

describe('Chart.yaml', () => {
  const chart = readChartYaml('Chart.yaml') as Values;
  const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

  it('is a Helm 3 (apiVersion v2) application chart named after its directory and the package', () => {
    expect(chart.apiVersion).toBe('v2');
    expect(chart.type).toBe('application');
    expect(chart.name).toBe(path.basename(CHART_DIR));
    expect(chart.name).toBe(packageJson.name);
  });

  it('has a semantic version', () => {
    expect(chart.version).toMatch(SEMVER);
  });

  it("deploys package.json's version by default (appVersion, and the image tag left empty)", () => {
    expect(chart.appVersion).toBe(packageJson.version);
    expect((chartValues().image as Values).tag).toBe('');
  });
});
