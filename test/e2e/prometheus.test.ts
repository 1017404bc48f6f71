/**
 * The proof of issue 4: a real Prometheus scrapes the demo exporter every second with the alert
 * rules loaded; every dashboard query (variables expanded to the demo's values) and every alert
 * expression goes through Prometheus' HTTP API and must parse and return data, except the ones
 * marked empty below, which must parse and return nothing.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { RULES_PATH, readAlertRules } from '../alerts/alert-rules.js';
import {
  OVERVIEW_FILE,
  REPOSITORY_FILE,
  annotationQueries,
  dataLinkFields,
  dataPanels,
  dashboardFileNames,
  panelQueries,
  parseLabelValues,
  readDashboard,
  variableQueryText,
} from '../grafana/dashboard-files.js';
import { expandGrafanaVariables, type VariableSelection } from '../grafana/expand-grafana-variables.js';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { pollUntil } from './prometheus-child-process.js';
import { startDemoExporter, type DemoExporter } from './prometheus-demo-exporter.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

/** The job name the rules file assumes (alerts/README-section.md). */
const JOB = 'acr-subscription-exporter';
/** Scrapes (one a second) before the queries run, so rate() and increase() have several samples. */
const MIN_SAMPLES = 5;
const SETTLE_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 100_000;

/** The demo dataset (src/simulator/demo-scenario.ts). */
const DEMO_REGIONS = ['cn-hangzhou', 'cn-shanghai'];
const DEMO_INSTANCE_IDS = ['cri-hangzhou00001', 'cri-hangzhou00002', 'cri-hangzhou00003', 'cri-shanghai00001', 'cri-shanghai00002'];
const DEMO_FORBIDDEN_INSTANCE_ID = 'cri-hangzhou00003';
/** What the repository dashboard is opened on: a repository on three instances, one of them with a running task. */
const REPOSITORY_SELECTION: Record<string, VariableSelection> = { namespace: ['mirror-dockerhub'], repository: ['nginx'] };

/**
 * Alert expressions that return nothing against the demo in the test's first minute, and why.
 * The demo is deterministic relative to its start time, so these are asserted empty.
 */
const EMPTY_ALERTS: Record<string, string> = {
  AcrSubscriptionExporterDown: 'the demo exporter is up',
  AcrSubscriptionExporterAbsent: 'the demo exporter is scraped by the job',
  AcrSubscriptionApiThrottling: 'the demo simulator never throttles',
  AcrSubscriptionExporterDataStale: 'every demo collection succeeded seconds ago, except the NoPrivilege instance, which never succeeded (no timestamp series)',
  AcrSubscriptionTasksFailing: 'no demo task finishes while the test runs (the first live task ends 9 minutes after start), so no counter increases',
  AcrSubscriptionTaskInProgressTooLong: "the demo's only in-progress task started 3 minutes before the demo",
  AcrSubscriptionRepositoryNoRecentSuccess: 'every demo repository had a successful task in the last 24 hours',
  AcrSubscriptionRepositoryNeverSucceeded: 'every demo repository has a successful task in its history',
  AcrSubscriptionExporterCollectsNothing: 'the demo exporter owns five instances and collects four of them',
  AcrSubscriptionIncompleteListings: 'no demo listing ends short of its TotalCount',
  AcrSubscriptionRuleNoRecentTask: "every demo rule's repository with a task had one in the last 24 hours",
};

/** Alerts that must find these series in the demo (labels each result must include, at least one result per entry). */
const ALERT_FINDINGS: Record<string, Record<string, string>[]> = {
  AcrSubscriptionCollectionFailing: [{ region: 'cn-hangzhou', instance_id: DEMO_FORBIDDEN_INSTANCE_ID }],
  AcrSubscriptionApiAuthErrors: [{ action: 'ListArtifactSubscriptionTask', code: 'NoPrivilege' }],
  AcrSubscriptionRepositoryLastTaskFailed: [{ instance_id: 'cri-hangzhou00001', namespace: 'mirror-quay', repository: 'node-exporter', result: 'FAILED' }],
  AcrSubscriptionTagSubscriptionRatioLow: [{ instance_id: 'cri-hangzhou00001', namespace: 'mirror-quay', repository: 'node-exporter' }],
  AcrSubscriptionRuleNeverRan: [{ instance_id: 'cri-hangzhou00001', rule_id: 'crasr-demoneverran001', namespace: 'mirror-dockerhub', repository: 'busybox' }],
  AcrSubscriptionRulesListingFailing: [{ region: 'cn-hangzhou', instance_id: DEMO_FORBIDDEN_INSTANCE_ID }],
};

/** Dashboard queries (`file / panel title / refId`) that return nothing against the demo, and why. */
const EMPTY_PANEL_QUERIES: Record<string, string> = {
  [`${OVERVIEW_FILE} / Invalid tasks in the current listing / A`]: 'the demo dataset has no invalid task, so acr_exporter_invalid_tasks has no series',
  // Until the exporter has this counter (issue 9); from then on its series exist at 0 and this entry must go.
  [`${OVERVIEW_FILE} / Repositories without any success / A`]: 'every demo repository has a successful task in its history',
  // 0/0 and empty histograms give no point rather than NaN; the stat shows its "No task finished" text.
  [`${OVERVIEW_FILE} / Task failure ratio (24h) / A`]: 'no demo task finishes while the test runs: nothing to divide by',
  [`${OVERVIEW_FILE} / Failure ratio by instance (1h) / A`]: 'no demo task finishes while the test runs: nothing to divide by',
  [`${OVERVIEW_FILE} / Task duration percentiles (1h) / A`]: 'no demo task finishes while the test runs: the duration histogram is empty',
  [`${OVERVIEW_FILE} / Task duration percentiles (1h) / B`]: 'no demo task finishes while the test runs: the duration histogram is empty',
  [`${OVERVIEW_FILE} / Task duration percentiles (1h) / C`]: 'no demo task finishes while the test runs: the duration histogram is empty',
  [`${OVERVIEW_FILE} / Task duration percentiles (1h) / D`]: 'no demo task finishes while the test runs: nothing to divide by',
  [`${OVERVIEW_FILE} / Task duration p90 by result (1h) / A`]: 'no demo task finishes while the test runs: the duration histogram is empty',
  [`${OVERVIEW_FILE} / annotation Firing alerts`]: "the demo's alerts are still pending in the test's first minute (their for: is longer)",
  [`${REPOSITORY_FILE} / annotation Firing alerts`]: "the demo's alerts are still pending in the test's first minute (their for: is longer)",
};

/** The rule states Prometheus must report after a few evaluations (the rest are inactive). */
const EXPECTED_RULE_STATES: Record<string, string> = {
  AcrSubscriptionApiAuthErrors: 'pending',
  AcrSubscriptionRepositoryLastTaskFailed: 'pending',
  AcrSubscriptionCollectionFailing: 'pending',
  AcrSubscriptionTagSubscriptionRatioLow: 'pending',
  AcrSubscriptionRuleNeverRan: 'pending',
  AcrSubscriptionRulesListingFailing: 'pending',
};

const rules = readAlertRules();
const dashboardQueries = dashboardFileNames().flatMap((file) => [
  ...panelQueries(readDashboard(file).dashboard).map((query) => ({ file, key: `${file} / ${query.panel.title} / ${query.target.refId}`, expr: query.expr })),
  ...annotationQueries(readDashboard(file).dashboard).map((query) => ({ file, key: `${file} / annotation ${query.annotation.name}`, expr: query.expr })),
]);
/** Overview tables with data links: every `${__data.fields.X}` they use must be a label of their query's result. */
const linkedTables = dataPanels(readDashboard(OVERVIEW_FILE).dashboard)
  .filter((panel) => (panel.fieldConfig?.defaults?.links ?? []).length > 0)
  .map((panel) => ({
    title: panel.title,
    expr: panel.targets?.[0]?.expr ?? '',
    fields: [...new Set((panel.fieldConfig?.defaults?.links ?? []).flatMap((link) => [...dataLinkFields(link.url), ...dataLinkFields(link.title)]))],
  }));

interface RulesData {
  groups: {
    name: string;
    rules: { name: string; query: string; health: string; lastError?: string; lastEvaluation: string; state?: string; type: string }[];
  }[];
}
interface TargetsData {
  activeTargets: { labels: Record<string, string>; health: string; lastError: string }[];
}

describeWithBinaries(['prometheus'], 'dashboards and alert rules on a real Prometheus scraping the demo exporter', ({ prometheus: prometheusBinary }) => {
  let exporter: DemoExporter | undefined;
  let prometheus: PrometheusServer | undefined;
  /** Per dashboard file, the values of its variables (from its own variable queries). */
  const selections = new Map<string, Record<string, VariableSelection>>();

  /** Values of a label_values(selector, label) variable, asked from Prometheus as Grafana would. */
  async function labelValues(query: string, known: Record<string, VariableSelection>): Promise<string[]> {
    const parsed = parseLabelValues(query);
    if (!parsed) throw new Error(`not a label_values query: ${query}`);
    const samples = await prometheus!.vector(`count by (${parsed.label}) (${expandGrafanaVariables(parsed.selector, known)})`);
    return samples.map((sample) => sample.metric[parsed.label] ?? '').sort();
  }

  beforeAll(async () => {
    exporter = await startDemoExporter(['--collection.mode', 'interval', '--collection.interval', '1s']);
    prometheus = await startPrometheus({ binary: prometheusBinary, jobName: JOB, targets: [exporter.hostPort], ruleFiles: [RULES_PATH] });
    const server = prometheus;

    // Enough scrapes with collected data for rate() and increase(), then rules evaluated on them.
    await pollUntil(
      `${MIN_SAMPLES} scrapes with collected data`,
      async () => {
        const samples = await server.vector(`count_over_time(acr_exporter_collect_success{instance_id="${DEMO_INSTANCE_IDS[0]}"}[1m]) >= ${MIN_SAMPLES}`);
        return samples.length > 0 ? true : undefined;
      },
      SETTLE_TIMEOUT_MS,
    );
    const dataSince = Date.now();
    await pollUntil(
      'every rule evaluated on the data',
      async () => {
        const data = await server.api<RulesData>('/api/v1/rules');
        const evaluated = data.groups.flatMap((group) => group.rules).every((rule) => Date.parse(rule.lastEvaluation) > dataSince);
        return evaluated ? true : undefined;
      },
      SETTLE_TIMEOUT_MS,
    );

    for (const file of dashboardFileNames()) {
      const values: Record<string, VariableSelection> = {};
      for (const variable of readDashboard(file).dashboard.templating.list) {
        if (variable.type === 'textbox') values[variable.name] = { text: variableQueryText(variable) };
        if (variable.type !== 'query') continue;
        values[variable.name] = REPOSITORY_SELECTION[variable.name] ?? (await labelValues(variableQueryText(variable), values));
      }
      selections.set(file, values);
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('scrapes the exporter: the target is up', async () => {
    const { activeTargets } = await prometheus!.api<TargetsData>('/api/v1/targets');
    const ours = activeTargets.filter((target) => target.labels.job === JOB);

    expect(ours.map((target) => ({ instance: target.labels.instance, health: target.health, lastError: target.lastError }))).toEqual([
      { instance: exporter!.hostPort, health: 'up', lastError: '' },
    ]);
  });

  it('loads every alert rule and evaluates each without error', async () => {
    const data = await prometheus!.api<RulesData>('/api/v1/rules');
    const loaded = data.groups.flatMap((group) => group.rules);

    expect(loaded.map((rule) => rule.name).sort()).toEqual(rules.map((rule) => rule.alert).sort());
    for (const rule of loaded) {
      expect({ rule: rule.name, type: rule.type, health: rule.health, lastError: rule.lastError ?? '' }).toEqual({ rule: rule.name, type: 'alerting', health: 'ok', lastError: '' });
    }
  });

  it('puts the rules the demo triggers in the expected state, and no other', async () => {
    const data = await prometheus!.api<RulesData>('/api/v1/rules');
    const states = Object.fromEntries(data.groups.flatMap((group) => group.rules).map((rule) => [rule.name, rule.state]));

    const expected = Object.fromEntries(rules.map((rule) => [rule.alert, EXPECTED_RULE_STATES[rule.alert] ?? 'inactive']));
    expect(states).toEqual(expected);
  });

  it('offers the demo regions and instances in the dashboard variables', () => {
    for (const file of dashboardFileNames()) {
      expect(selections.get(file)).toMatchObject({ job: [JOB], region: DEMO_REGIONS, instance_id: DEMO_INSTANCE_IDS });
    }
  });

  it('offers the chosen namespace and repository in the repository dashboard variables', async () => {
    const variables = readDashboard(REPOSITORY_FILE).dashboard.templating.list;
    const known = selections.get(REPOSITORY_FILE)!;
    for (const name of ['namespace', 'repository']) {
      const variable = variables.find((candidate) => candidate.name === name)!;
      expect(await labelValues(variableQueryText(variable), known)).toEqual(expect.arrayContaining(REPOSITORY_SELECTION[name] as string[]));
    }
  });

  it('lists only expectations about alerts and panels that exist', () => {
    const alertNames = rules.map((rule) => rule.alert);
    expect(alertNames).toEqual(expect.arrayContaining([...Object.keys(EMPTY_ALERTS), ...Object.keys(ALERT_FINDINGS), ...Object.keys(EXPECTED_RULE_STATES)]));
    expect(dashboardQueries.map((query) => query.key)).toEqual(expect.arrayContaining(Object.keys(EMPTY_PANEL_QUERIES)));
  });

  it.each(rules.map((rule) => [rule.alert, rule.expr] as const))('alert %s: its expression parses and returns what the demo implies', async (alert, expr) => {
    const response = await prometheus!.query(expr);
    expect({ alert, status: response.status, error: response.error }).toEqual({ alert, status: 'success', error: undefined });
    const samples = response.data?.result as { metric: Record<string, string> }[];

    if (alert in EMPTY_ALERTS) {
      expect({ alert, reason: EMPTY_ALERTS[alert], samples }).toEqual({ alert, reason: EMPTY_ALERTS[alert], samples: [] });
      return;
    }
    expect({ alert, found: samples.length > 0 }).toEqual({ alert, found: true });
    for (const labels of ALERT_FINDINGS[alert] ?? []) {
      expect(samples.map((sample) => sample.metric)).toContainEqual(expect.objectContaining(labels));
    }
  });

  it.each(dashboardQueries.map((query) => [query.key, query] as const))('panel %s: its query parses and returns data', async (key, query) => {
    const expr = expandGrafanaVariables(query.expr, selections.get(query.file)!);

    const response = await prometheus!.query(expr);

    expect({ key, expr, status: response.status, error: response.error }).toEqual({ key, expr, status: 'success', error: undefined });
    const result = response.data?.result as Array<{ value?: [number, string] }>;
    const reason = EMPTY_PANEL_QUERIES[key];
    // No NaN (0/0, an empty histogram): a panel shows a number or its "no value" text.
    expect({ key, nan: result.filter((sample) => sample.value?.[1] === 'NaN') }).toEqual({ key, nan: [] });
    if (reason !== undefined) {
      expect({ key, reason, result }).toEqual({ key, reason, result: [] });
    } else {
      expect({ key, expr, found: result.length > 0 }).toEqual({ key, expr, found: true });
    }
  });

  it.each(linkedTables.map((table) => [table.title, table] as const))('overview table %s: its data links use fields its query returns', async (_title, table) => {
    // A table the demo leaves empty (listed above) is checked on the series of its first selector.
    const expr = EMPTY_PANEL_QUERIES[`${OVERVIEW_FILE} / ${table.title} / A`] === undefined ? table.expr : (/\bacr_\w+\{[^}]*\}/.exec(table.expr)?.[0] ?? '');
    const response = await prometheus!.query(expandGrafanaVariables(expr, selections.get(OVERVIEW_FILE)!));
    const samples = response.data?.result as Array<{ metric: Record<string, string> }>;

    expect(table.fields).toEqual(expect.arrayContaining(['region', 'instance_id']));
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(Object.keys(sample.metric)).toEqual(expect.arrayContaining(table.fields));
  });
});
