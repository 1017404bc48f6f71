import { beforeAll, describe, expect, it } from '@jest/globals';
import { METRICS, REPOSITORY_LABELS, TARGET_LABELS } from '../../src/metric-names.js';
import {
  DATASOURCE_REFERENCE,
  annotationQueries,
  dataLinkFields,
  dataLinkVariables,
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
import { configSchema } from '../../src/config/schema.js';

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

/** The exporter's default collection.inProgressStatuses, which the in_progress variable must default to. */
const DEFAULT_IN_PROGRESS_STATUSES = configSchema.parse({ regions: [{ id: 'cn-hangzhou' }] }).collection.inProgressStatuses;

/** Every metric selector in `expr` with its metric name and the text between its braces ('' when it has none). */
function metricSelectorsOf(expr: string, known: Set<string>): Array<{ metric: string; selector: string }> {
  return metricNamesIn(expr)
    .filter((name) => known.has(name))
    .flatMap((metric) => [...expr.matchAll(new RegExp(`(?<![\\w:])${metric}(?![\\w:])\\s*(\\{[^}]*\\})?`, 'g'))].map((match) => ({ metric, selector: match[1] ?? '' })));
}

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

  it('filters every query on $job: panels, annotations and the variables below the job variable', () => {
    const expressions = [
      ...panelQueries(dashboard).map(({ panel, target, expr }) => ({ where: `${panel.title} / ${target.refId}`, expr })),
      ...annotationQueries(dashboard).map(({ annotation, expr }) => ({ where: `annotation ${annotation.name}`, expr })),
      ...dashboard.templating.list
        .filter((variable) => variable.type === 'query' && variable.name !== 'job')
        .map((variable) => ({ where: `variable ${variable.name}`, expr: parseLabelValues(variableQueryText(variable))?.selector ?? '' })),
    ];

    expect(expressions.length).toBeGreaterThan(10);
    for (const { where, expr } of expressions) {
      const selectors = metricSelectorsOf(expr, known);
      expect({ where, selectors: selectors.length > 0 }).toEqual({ where, selectors: true });
      for (const { metric, selector } of selectors) {
        expect({ where, metric, selector }).toEqual({ where, metric, selector: expect.stringMatching(/job=~"\$job\|?"/) });
      }
    }
  });

  it('reads in-progress statuses from the in_progress variable, which defaults to the exporter\'s collection.inProgressStatuses', () => {
    const variable = dashboard.templating.list.find((candidate) => candidate.name === 'in_progress');

    expect(variable).toMatchObject({ type: 'textbox', query: DEFAULT_IN_PROGRESS_STATUSES.join('|'), current: { value: DEFAULT_IN_PROGRESS_STATUSES.join('|') } });
    for (const { panel, expr } of panelQueries(dashboard)) {
      expect({ panel: panel.title, hardCoded: DEFAULT_IN_PROGRESS_STATUSES.some((status) => expr.includes(status)) }).toEqual({ panel: panel.title, hardCoded: false });
    }
  });

  it('annotates exporter (re)starts and firing ACR subscription alerts', () => {
    const annotations = annotationQueries(dashboard);

    expect(annotations.map(({ annotation }) => annotation.name)).toEqual(['Exporter started', 'Firing alerts']);
    for (const { annotation } of annotations) expect(annotation).toMatchObject({ enable: true, datasource: DATASOURCE_REFERENCE });
    expect(annotations[0]?.expr).toMatch(/process_start_time_seconds\{job=~"\$job"\}/);
    expect(annotations[1]?.expr).toMatch(/^ALERTS\{alertname=~"AcrSubscription\.\*", alertstate="firing"/);
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

  it('opens on one repository: namespace and repository take one value and have no All', () => {
    for (const name of ['namespace', 'repository']) {
      expect(dashboard.templating.list.find((variable) => variable.name === name)).toMatchObject({ type: 'query', multi: false, includeAll: false });
    }
  });

  it('labels its stats by instance, the only thing that varies once the repository is chosen', () => {
    for (const panel of dataPanels(dashboard).filter((candidate) => candidate.type === 'stat')) {
      expect({ panel: panel.title, legends: panel.targets?.map((target) => (target as { legendFormat?: string }).legendFormat) }).toEqual({ panel: panel.title, legends: ['{{region}}/{{instance_id}}'] });
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

describe('the overview dashboard', () => {
  const { dashboard } = readDashboard(OVERVIEW_FILE);
  const repository = readDashboard(REPOSITORY_FILE).dashboard;
  const tables = dataPanels(dashboard).filter((panel) => panel.type === 'table' && panel.title !== 'Exporter processes');

  it('starts with an exporter health row: up, collection duration and event-loop lag', () => {
    const [row, ...rest] = dashboard.panels;
    const healthPanels = rest.filter((panel) => panel.gridPos.y < (dashboard.panels.find((candidate, index) => index > 0 && candidate.type === 'row')?.gridPos.y ?? 0));
    const names = new Set(healthPanels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNamesIn(target.expr ?? ''))));

    expect(row).toMatchObject({ type: 'row', title: 'Exporter health', gridPos: { y: 0 } });
    expect([...names].sort()).toEqual(['acr_exporter_collect_duration_seconds', 'nodejs_eventloop_lag_p99_seconds', 'up']);
  });

  it('links every table row of repositories to the repository dashboard with its variables, and to the ACR console', () => {
    expect(tables.map((panel) => panel.title).sort()).toEqual([
      'Instances',
      'Lowest tag subscription ratio',
      'Newest task not successful',
      'Oldest last success',
      'Repositories without any success',
      'Subscription rules',
      'Tags of failed tasks, by result',
    ]);
    for (const panel of tables) {
      const links = panel.fieldConfig?.defaults?.links ?? [];
      const [toRepository, toConsole] = links;
      const variables = dataLinkVariables(toRepository?.url ?? '');
      const excluded = Object.entries(panel.transformations?.find((transformation) => transformation.id === 'organize')?.options?.excludeByName ?? {})
        .filter(([, hidden]) => hidden)
        .map(([field]) => field);
      const fields = links.flatMap((link) => [...dataLinkFields(link.url), ...dataLinkFields(link.title)]);

      expect({ panel: panel.title, links: links.length }).toEqual({ panel: panel.title, links: 2 });
      expect(toRepository?.url).toMatch(new RegExp(`^/d/${repository.uid}/`));
      expect(toRepository?.url).toContain('${__url_time_range}');
      // Only variables the repository dashboard has, and at least the ones that place the row.
      expect(variables.filter((name) => !repository.templating.list.some((variable) => variable.name === name))).toEqual([]);
      expect(variables).toEqual(expect.arrayContaining(['datasource', 'job', 'region', 'instance_id']));
      if (panel.title !== 'Instances') expect(variables).toEqual(expect.arrayContaining(['namespace', 'repository']));
      // A field the table drops cannot feed a link.
      expect({ panel: panel.title, fromExcludedFields: fields.filter((field) => excluded.includes(field)) }).toEqual({ panel: panel.title, fromExcludedFields: [] });
      expect(toConsole).toMatchObject({ targetBlank: true, url: expect.stringMatching(/^https:\/\/cr\.console\.aliyun\.com\/\$\{__data\.fields\.region\}\//) });
    }
  });

  it('shows a text instead of NaN where a ratio has nothing to divide', () => {
    const ratioStats = dataPanels(dashboard).filter((panel) => panel.type === 'stat' && panel.fieldConfig?.defaults?.unit === 'percentunit' && (panel.targets ?? []).some((target) => (target.expr ?? '').includes(' / ')));

    expect(ratioStats.map((panel) => panel.title).sort()).toEqual(['API error ratio', 'Targets up', 'Task failure ratio (24h)']);
    for (const panel of ratioStats) {
      expect({ panel: panel.title, noValue: panel.fieldConfig?.defaults?.noValue }).toEqual({ panel: panel.title, noValue: expect.stringMatching(/^No /) });
    }
  });
});
