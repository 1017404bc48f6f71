import { beforeAll, describe, expect, it } from '@jest/globals';
import { METRICS, REPOSITORY_LABELS, TARGET_LABELS } from '../../src/metric-names.js';
import {
  DATASOURCE_REFERENCE,
  OVERVIEW_FILE,
  REPOSITORY_FILE,
  type Dashboard,
  allPanels,
  dashboardFileNames,
  dataPanels,
  panelQueries,
  parseLabelValues,
  readDashboard,
  variableQueryText,
} from './dashboard-files.js';
import { exporterBaseMetricNames, knownMetricNames } from './known-metric-names.js';
import { metricNamesIn } from './promql-metric-names.js';

/** Grafana unit ids the dashboards may use; a typo such as "seconds" would silently show raw numbers. */
const ALLOWED_UNITS = new Set(['none', 'short', 's', 'ms', 'percentunit', 'reqps', 'bytes']);

/** The Grafana schema versions we target (Grafana 10.x and 11.x). */
const MIN_SCHEMA_VERSION = 36;
const MAX_SCHEMA_VERSION = 41;

const GRID_COLUMNS = 24;

/** Metrics whose series carry region and instance_id, so a panel must filter them by $region and $instance_id. */
const TARGET_METRIC_NAMES = Object.values(METRICS)
  .filter((metric) => TARGET_LABELS.every((label) => (metric.labelNames as readonly string[]).includes(label)))
  .map((metric) => metric.name);
const REPOSITORY_METRIC_NAMES = Object.values(METRICS)
  .filter((metric) => REPOSITORY_LABELS.every((label) => (metric.labelNames as readonly string[]).includes(label)))
  .map((metric) => metric.name);

/** Each selector of `metric` in `expr`, as the text between its braces ('' when it has none). */
function selectorsOf(expr: string, metric: string): string[] {
  const pattern = new RegExp(`(?<![\\w:])${metric}(?:_bucket|_sum|_count)?(?![\\w:])\\s*(\\{[^}]*\\})?`, 'g');
  return [...expr.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** Walks any JSON value and returns every `datasource` object in it. */
function datasourceReferences(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(datasourceReferences);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'datasource' ? [child, ...datasourceReferences(child)] : datasourceReferences(child)));
}

const files = dashboardFileNames();

it('grafana/ holds the overview and the repository dashboard', () => {
  expect(files).toEqual([OVERVIEW_FILE, REPOSITORY_FILE]);
});

describe.each(files)('%s', (file) => {
  let dashboard: Dashboard;
  let text: string;
  let known: Set<string>;

  beforeAll(async () => {
    ({ dashboard, text } = readDashboard(file));
    known = await knownMetricNames();
  });

  it('is a dashboard Grafana imports as is: a uid, a title, a current schemaVersion, no import-only sections', () => {
    expect(dashboard.uid).toBe(file.replace(/\.json$/, ''));
    expect(dashboard.title).toMatch(/^ACR subscription \/ /);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(MIN_SCHEMA_VERSION);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(MAX_SCHEMA_VERSION);
    expect(Object.keys(dashboard)).not.toContain('__inputs');
    expect(text).not.toContain('${DS_');
    expect(dashboard.tags).toContain('acr-subscription');
  });

  it('uses the datasource variable everywhere, never a fixed UID', () => {
    const datasource = dashboard.templating.list.find((variable) => variable.name === 'datasource');
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });

    const references = datasourceReferences(dashboard);
    expect(references.length).toBeGreaterThan(dataPanels(dashboard).length);
    for (const reference of references) {
      const builtInAnnotations = { type: 'grafana', uid: '-- Grafana --' };
      expect([DATASOURCE_REFERENCE, builtInAnnotations]).toContainEqual(reference);
    }
    for (const panel of dataPanels(dashboard)) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: DATASOURCE_REFERENCE });
      for (const target of panel.targets ?? []) expect(target.datasource).toEqual(DATASOURCE_REFERENCE);
    }
  });

  it('has region and instance_id variables, multi-value with All', () => {
    for (const name of ['region', 'instance_id']) {
      const variable = dashboard.templating.list.find((candidate) => candidate.name === name);
      expect(variable).toMatchObject({ type: 'query', multi: true, includeAll: true, datasource: DATASOURCE_REFERENCE });
    }
  });

  it('gives every panel a unique id and a place on the grid that overlaps no other panel', () => {
    const panels = allPanels(dashboard);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const occupied = new Map<string, string>();
    for (const { title, gridPos } of panels) {
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(GRID_COLUMNS);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          expect({ cell: `${x},${y}`, by: occupied.get(`${x},${y}`) }).toEqual({ cell: `${x},${y}`, by: undefined });
          occupied.set(`${x},${y}`, title);
        }
      }
    }
  });

  it('gives every data panel a known unit and at least one target with an expression and a unique refId', () => {
    for (const panel of dataPanels(dashboard)) {
      expect({ panel: panel.title, unit: ALLOWED_UNITS.has(panel.fieldConfig?.defaults?.unit ?? '') }).toEqual({ panel: panel.title, unit: true });
      const targets = panel.targets ?? [];
      expect({ panel: panel.title, targets: targets.length > 0 }).toEqual({ panel: panel.title, targets: true });
      for (const target of targets) expect({ panel: panel.title, expr: (target.expr ?? '').trim() !== '' }).toEqual({ panel: panel.title, expr: true });
      const refIds = targets.map((target) => target.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('queries only metrics the exporter, prom-client or Prometheus itself provides', () => {
    const expressions = [
      ...panelQueries(dashboard).map((query) => query.expr),
      ...dashboard.templating.list.filter((variable) => variable.type === 'query').map((variable) => parseLabelValues(variableQueryText(variable))?.selector ?? ''),
    ];
    for (const expr of expressions) {
      const names = metricNamesIn(expr);
      expect({ expr, found: names.length > 0 }).toEqual({ expr, found: true });
      expect({ expr, unknown: names.filter((name) => !known.has(name)) }).toEqual({ expr, unknown: [] });
    }
  });

  it('filters every per-instance metric by $region and $instance_id', () => {
    for (const { panel, expr } of panelQueries(dashboard)) {
      for (const metric of TARGET_METRIC_NAMES) {
        for (const selector of selectorsOf(expr, metric)) {
          expect({ panel: panel.title, metric, selector }).toEqual({
            panel: panel.title,
            metric,
            selector: expect.stringMatching(/region=~"\$region".*instance_id=~"\$instance_id"/),
          });
        }
      }
    }
  });

  it('has query variables whose label_values queries are well formed', () => {
    for (const variable of dashboard.templating.list.filter((candidate) => candidate.type === 'query')) {
      const query = variableQueryText(variable);
      expect({ variable: variable.name, parsed: parseLabelValues(query)?.label }).toEqual({ variable: variable.name, parsed: variable.name });
      expect(variable.definition).toBe(query);
    }
  });
});

describe('the repository dashboard', () => {
  const { dashboard } = readDashboard(REPOSITORY_FILE);

  it('has namespace and repository variables, multi-value with All', () => {
    for (const name of ['namespace', 'repository']) {
      expect(dashboard.templating.list.find((variable) => variable.name === name)).toMatchObject({ type: 'query', multi: true, includeAll: true });
    }
  });

  it('filters every per-repository metric by $namespace and $repository too', () => {
    for (const { panel, expr } of panelQueries(dashboard)) {
      for (const metric of REPOSITORY_METRIC_NAMES) {
        for (const selector of selectorsOf(expr, metric)) {
          expect({ panel: panel.title, selector }).toEqual({ panel: panel.title, selector: expect.stringMatching(/namespace=~"\$namespace".*repository=~"\$repository"/) });
        }
      }
    }
  });

  it('shows the newest task, last success, last duration, tags and ratio of a repository', () => {
    const names = new Set(panelQueries(dashboard).flatMap((query) => metricNamesIn(query.expr)));
    for (const metric of [
      METRICS.repositoryLastTaskInfo,
      METRICS.repositoryLastSuccess,
      METRICS.repositoryLastTaskDuration,
      METRICS.repositoryTags,
      METRICS.repositorySubscribedTags,
      METRICS.repositoryTagSubscriptionRatio,
      METRICS.repositoryLastTaskStart,
    ]) {
      expect(names).toContain(metric.name);
    }
  });
});

it('together, the dashboards show every metric the exporter emits', () => {
  const shown = new Set(files.flatMap((file) => panelQueries(readDashboard(file).dashboard).flatMap((query) => metricNamesIn(query.expr))));
  const notShown = exporterBaseMetricNames().filter((name) => ![name, `${name}_bucket`, `${name}_count`].some((series) => shown.has(series)));
  expect(notShown).toEqual([]);
});
