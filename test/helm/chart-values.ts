/**
 * The chart's files as the tests read them: values.yaml, the example values files in ci/, and
 * Helm's way of merging a values file over the chart's defaults.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHART_DIR = path.join(REPO_ROOT, 'helm/acr-subscription-exporter');

export type Values = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a YAML file of the chart (path relative to the chart directory). */
export function readChartYaml(relativePath: string): unknown {
  return parse(readFileSync(path.join(CHART_DIR, relativePath), 'utf8'));
}

/** The example values files, e.g. `ci/rrsa-values.yaml`, sorted. */
export function ciValuesFiles(): string[] {
  return readdirSync(path.join(CHART_DIR, 'ci'))
    .filter((name) => name.endsWith('-values.yaml'))
    .sort()
    .map((name) => `ci/${name}`);
}

/**
 * Helm's merge of user values over chart defaults: maps merge key by key, anything else
 * (scalars, lists) is replaced, and a null removes the default.
 */
export function mergeHelmValues(defaults: Values, overrides: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key];
    if (value === null) delete merged[key];
    else if (isPlainObject(base) && isPlainObject(value)) merged[key] = mergeHelmValues(base, value);
    else merged[key] = value;
  }
  return merged;
}

/** values.yaml, or values.yaml with a ci/ file merged over it. */
export function chartValues(valuesFile?: string): Values {
  const defaults = readChartYaml('values.yaml') as Values;
  return valuesFile === undefined ? defaults : mergeHelmValues(defaults, readChartYaml(valuesFile) as Values);
}

/** A nested value by dotted path, e.g. `config.collection.scrapeTimeout`. */
export function valueAt(values: Values, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), values);
}
