/**
 * What operators look for in community charts, as `helm template` renders it: PodDisruptionBudget,
 * NetworkPolicy, PodMonitor, ServiceMonitor scrape options, topology spread, extra manifests, the
 * headless Service of the sharded StatefulSet, the version label, the `helm test` pod, and the
 * PrometheusRule's per-alert overrides and additional rules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { expect, it } from '@jest/globals';
import { readAlertRules, readRuleGroups, type AlertRule, type RuleGroup } from '../alerts/alert-rules.js';
import { startDemoExporter } from '../e2e/prometheus-demo-exporter.js';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { CHART_DIR, readChartYaml, type Values } from './chart-values.js';
import { FULLNAME, NAMESPACE, describeWithHelm, helmFound, only, render, renderError, type Manifest } from './helm-template.js';
import { selectorMatches, type LabelSelector } from './label-selector.js';

const RULES_COPY = path.join(CHART_DIR, 'files/acr-subscription.rules.yml');
const CHART_VERSION = (readChartYaml('Chart.yaml') as { appVersion: string }).appVersion;

interface PodSpecLike {
  containers: Array<{ name: string; ports?: Array<{ name: string; containerPort: number }>; command?: string[]; args?: string[]; env?: Array<{ name: string; value?: string }> }>;
  topologySpreadConstraints?: Array<Record<string, unknown>>;
}

function podTemplate(manifests: Manifest[]): { labels: Record<string, string>; spec: PodSpecLike } {
  const workload = manifests.find((manifest) => manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet');
  const template = workload?.spec?.template as { metadata: { labels: Record<string, string> }; spec: PodSpecLike };
  return { labels: template.metadata.labels, spec: template.spec };
}

function rulesOf(manifests: Manifest[]): RuleGroup[] {
  return (only(manifests, 'PrometheusRule').spec?.groups ?? []) as RuleGroup[];
}

function ruleNamed(groups: RuleGroup[], alert: string): AlertRule | undefined {
  return groups.flatMap((group) => group.rules).find((rule) => rule.alert === alert);
}

function withJob(rule: AlertRule, job: string): AlertRule {
  return JSON.parse(JSON.stringify(rule).replaceAll('job=\\"acr-subscription-exporter\\"', `job=\\"${job}\\"`)) as AlertRule;
}

describeWithHelm('the chart feature tests')('chart defaults', () => {
  it('leave the optional objects out, as the community charts do, and render the helm test pod', () => {
    const kinds = render().map((manifest) => manifest.kind);

    expect(kinds).not.toEqual(expect.arrayContaining(['PodDisruptionBudget']));
    expect(kinds).not.toEqual(expect.arrayContaining(['NetworkPolicy']));
    expect(kinds).not.toEqual(expect.arrayContaining(['PodMonitor']));
    expect(kinds.filter((kind) => kind === 'Service')).toHaveLength(1);
    expect(kinds).toContain('Pod');
  });

  it('label every object and the pods with app.kubernetes.io/version (the image tag when one is set)', () => {
    const defaults = render('ci/sharded-values.yaml');
    const tagged = render(undefined, ['--set', 'image.tag=0.9.1']);

    expect(defaults.filter((manifest) => manifest.metadata.labels?.['app.kubernetes.io/version'] !== CHART_VERSION).map((manifest) => manifest.kind)).toEqual([]);
    expect(podTemplate(defaults).labels['app.kubernetes.io/version']).toBe(CHART_VERSION);
    expect(podTemplate(tagged).labels['app.kubernetes.io/version']).toBe('0.9.1');
    expect(only(tagged, 'Service').metadata.labels?.['app.kubernetes.io/version']).toBe('0.9.1');
  });
});

describeWithHelm('the chart feature tests')('helm test', () => {
  it('is a hook pod that fetches /-/healthy and /metrics from the Service with the exporter image', () => {
    const manifests = render();
    const pod = only(manifests, 'Pod');
    const spec = pod.spec as unknown as PodSpecLike & { restartPolicy: string };
    const container = spec.containers[0];
    const deployment = only(manifests, 'Deployment');
    const exporterImage = (podTemplate(manifests).spec.containers[0] as unknown as { image: string }).image;

    expect(pod.metadata.annotations?.['helm.sh/hook']).toBe('test');
    expect(spec.restartPolicy).toBe('Never');
    expect((container as unknown as { image: string }).image).toBe(exporterImage);
    expect(container?.command).toEqual(['node', '--input-type=module', '--eval']);
    expect(container?.args?.[0]).toContain("['/-/healthy', '']");
    expect(container?.args?.[0]).toContain("['/metrics', 'acr_exporter_build_info']");
    expect(container?.env).toEqual([{ name: 'EXPORTER_URL', value: `http://${FULLNAME}.${NAMESPACE}.svc:9742` }]);
    expect(deployment.metadata.name).toBe(FULLNAME);
  });

  it('is not picked up by the Service, the PodDisruptionBudget or the monitors', () => {
    const manifests = render('ci/sharded-values.yaml');
    const testPodLabels = only(manifests, 'Pod').metadata.labels ?? {};
    const selectors = [
      ...manifests.filter((manifest) => manifest.kind === 'Service').map((service) => ({ matchLabels: service.spec?.selector as Record<string, string> })),
      only(manifests, 'PodDisruptionBudget').spec?.selector as LabelSelector,
      only(manifests, 'NetworkPolicy').spec?.podSelector as LabelSelector,
    ];

    expect(selectors.map((selector) => selectorMatches(selector, testPodLabels))).toEqual(selectors.map(() => false));
    expect(selectors.map((selector) => selectorMatches(selector, podTemplate(manifests).labels))).toEqual(selectors.map(() => true));
  });

  it("its script passes against the running exporter and fails against a server that is not it (node, as in the pod's image)", async () => {
    const container = (only(render(), 'Pod').spec as unknown as PodSpecLike).containers[0];
    const runScript = (url: string) =>
      spawnSync(process.execPath, [...(container?.command ?? []).slice(1), ...(container?.args ?? [])], { env: { PATH: process.env.PATH, EXPORTER_URL: url }, encoding: 'utf8', timeout: 30_000 });
    const exporter = await startDemoExporter();
    try {
      const passing = runScript(exporter.url);
      const failing = runScript(`${exporter.url}/-/ready-or-not`);

      expect(passing.stdout).toContain('GET ' + exporter.url + '/metrics: 200');
      expect(passing.status).toBe(0);
      expect(failing.status).toBe(1);
      expect(failing.stderr).toMatch(/: 404/);
    } finally {
      await exporter.stop();
    }
  }, 60_000);

  it('can be turned off', () => {
    expect(render(undefined, ['--set', 'tests.enabled=false']).map((manifest) => manifest.kind)).not.toContain('Pod');
  });
});

describeWithHelm('the chart feature tests')('PodDisruptionBudget and NetworkPolicy', () => {
  it('the PodDisruptionBudget selects the pods, maxUnavailable 1 by default, minAvailable replacing it', () => {
    const sharded = render('ci/sharded-values.yaml');
    const minAvailable = render(undefined, ['--set', 'podDisruptionBudget.enabled=true', '--set', 'podDisruptionBudget.minAvailable=50%']);

    expect(selectorMatches(only(sharded, 'PodDisruptionBudget').spec?.selector as LabelSelector, podTemplate(sharded).labels)).toBe(true);
    expect(only(sharded, 'PodDisruptionBudget').spec).toEqual({ selector: expect.anything(), maxUnavailable: 1 });
    expect(only(minAvailable, 'PodDisruptionBudget').spec).toEqual({ selector: expect.anything(), minAvailable: '50%' });
  });

  it('the NetworkPolicy selects the pods and lets in only the metrics port, from the given peers and the test pod', () => {
    const manifests = render('ci/sharded-values.yaml');
    const policy = only(manifests, 'NetworkPolicy').spec as { podSelector: LabelSelector; policyTypes: string[]; ingress: Array<{ ports: Array<{ port: string }>; from: Array<{ podSelector?: LabelSelector; namespaceSelector?: LabelSelector }> }> };
    const metricsPort = podTemplate(manifests).spec.containers[0]?.ports?.[0];
    const testPodLabels = only(manifests, 'Pod').metadata.labels ?? {};

    expect(selectorMatches(policy.podSelector, podTemplate(manifests).labels)).toBe(true);
    expect(policy.policyTypes).toEqual(['Ingress']);
    expect(policy.ingress).toHaveLength(1);
    expect(policy.ingress[0]?.ports).toEqual([{ port: metricsPort?.name, protocol: 'TCP' }]);
    expect(policy.ingress[0]?.from[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    });
    expect(selectorMatches(policy.ingress[0]?.from[1]?.podSelector ?? {}, testPodLabels)).toBe(true);
  });

  it('the NetworkPolicy without peers lets anyone reach the metrics port, and restricts egress only when egress is set', () => {
    const open = only(render(undefined, ['--set', 'networkPolicy.enabled=true']), 'NetworkPolicy').spec;
    const egress = only(render('ci/podmonitor-values.yaml'), 'NetworkPolicy').spec;

    expect(open).toMatchObject({ policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http-metrics', protocol: 'TCP' }] }] });
    expect((open?.ingress as Array<Record<string, unknown>>)[0]).not.toHaveProperty('from');
    expect(egress?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(egress?.egress).toHaveLength(2);
  });
});

describeWithHelm('the chart feature tests')('sharded StatefulSet', () => {
  it('is governed by a headless Service that the ServiceMonitor leaves out', () => {
    const manifests = render('ci/sharded-values.yaml');
    const services = manifests.filter((manifest) => manifest.kind === 'Service');
    const headless = services.find((service) => service.spec?.clusterIP === 'None');
    const clusterIp = services.find((service) => service.spec?.clusterIP !== 'None');
    const selector = only(manifests, 'ServiceMonitor').spec?.selector as LabelSelector;

    expect(services).toHaveLength(2);
    expect(only(manifests, 'StatefulSet').spec?.serviceName).toBe(headless?.metadata.name);
    expect(headless?.metadata.name).toBe(`${FULLNAME}-headless`);
    expect(headless?.spec?.selector).toEqual(clusterIp?.spec?.selector);
    expect(selectorMatches(selector, clusterIp?.metadata.labels)).toBe(true);
    expect(selectorMatches(selector, headless?.metadata.labels)).toBe(false);
  });

  it('spreads the pods with the given constraints, selecting the release pods where no labelSelector is given', () => {
    const manifests = render('ci/sharded-values.yaml');
    const constraints = podTemplate(manifests).spec.topologySpreadConstraints ?? [];
    const custom = podTemplate(render(undefined, ['--set-json', 'topologySpreadConstraints=[{"maxSkew":2,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"team":"x"}}}]'])).spec;

    expect(constraints.map((constraint) => constraint.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const constraint of constraints) expect(selectorMatches(constraint.labelSelector as LabelSelector, podTemplate(manifests).labels)).toBe(true);
    expect(custom.topologySpreadConstraints?.[0]?.labelSelector).toEqual({ matchLabels: { team: 'x' } });
  });
});

describeWithHelm('the chart feature tests')('PodMonitor and scrape options', () => {
  it('the PodMonitor scrapes the pods with the ServiceMonitor\'s relabelings and the given scheme, TLS, honorLabels and sampleLimit', () => {
    const manifests = render('ci/podmonitor-values.yaml');
    const podMonitor = only(manifests, 'PodMonitor');
    const endpoint = (podMonitor.spec?.podMetricsEndpoints as Array<Record<string, unknown>>)[0];

    expect(selectorMatches(podMonitor.spec?.selector as LabelSelector, podTemplate(manifests).labels)).toBe(true);
    expect(podMonitor.spec?.sampleLimit).toBe(50000);
    expect(endpoint).toMatchObject({
      port: 'http-metrics',
      path: '/metrics',
      scheme: 'https',
      tlsConfig: { ca: { configMap: { name: 'acr-exporter-ca', key: 'ca.crt' } }, serverName: 'acr-subscription-exporter' },
      honorLabels: true,
      relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'acr-prod' }],
    });
    expect(manifests.map((manifest) => manifest.kind)).not.toContain('ServiceMonitor');
  });

  it('the ServiceMonitor takes the same options', () => {
    const serviceMonitor = only(
      render(undefined, ['--set', 'serviceMonitor.enabled=true', '--set', 'serviceMonitor.scheme=https', '--set', 'serviceMonitor.tlsConfig.insecureSkipVerify=true', '--set', 'serviceMonitor.honorLabels=true', '--set', 'serviceMonitor.sampleLimit=1000']),
      'ServiceMonitor',
    );

    expect(serviceMonitor.spec?.sampleLimit).toBe(1000);
    expect((serviceMonitor.spec?.endpoints as Array<Record<string, unknown>>)[0]).toMatchObject({ scheme: 'https', tlsConfig: { insecureSkipVerify: true }, honorLabels: true });
  });

  it('leaves sampleLimit, tlsConfig and honorLabels out by default', () => {
    const serviceMonitor = only(render(undefined, ['--set', 'serviceMonitor.enabled=true']), 'ServiceMonitor');
    const endpoint = (serviceMonitor.spec?.endpoints as Array<Record<string, unknown>>)[0];

    expect(serviceMonitor.spec).not.toHaveProperty('sampleLimit');
    expect(endpoint?.scheme).toBe('http');
    expect(endpoint).not.toHaveProperty('tlsConfig');
    expect(endpoint).not.toHaveProperty('honorLabels');
  });

  it('refuses a PodMonitor beside the ServiceMonitor (every pod would be scraped twice)', () => {
    expect(renderError(['--set', 'podMonitor.enabled=true', '--set', 'serviceMonitor.enabled=true'])).toMatch(/podMonitor\.enabled and serviceMonitor\.enabled: choose one/);
  });
});

describeWithHelm('the chart feature tests')('extraManifests', () => {
  it('renders objects and strings through tpl', () => {
    const configMaps = render('ci/podmonitor-values.yaml').filter((manifest) => manifest.kind === 'ConfigMap');
    const ca = configMaps.find((manifest) => manifest.metadata.name === 'acr-exporter-ca');
    const notes = configMaps.find((manifest) => manifest.metadata.name === `${FULLNAME}-notes`);

    expect(ca?.metadata.namespace).toBe(NAMESPACE);
    expect(ca?.data?.['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(notes?.data).toEqual({ owner: 'registry-team' });
  });
});

describeWithHelm('the chart feature tests')('PrometheusRule overrides', () => {
  const source = readRuleGroups(RULES_COPY);
  const sourceRule = (alert: string): AlertRule => {
    const rule = ruleNamed(source, alert);
    if (rule === undefined) throw new Error(`${alert} is not in ${RULES_COPY}`);
    return rule;
  };

  it('drops, retunes and relabels single alerts, leaves the others as the file has them, and appends the additional rules', () => {
    const groups = rulesOf(render('ci/podmonitor-values.yaml'));
    const ratio = ruleNamed(groups, 'AcrSubscriptionTagSubscriptionRatioLow');
    const down = ruleNamed(groups, 'AcrSubscriptionExporterDown');
    const tuned = ['AcrSubscriptionTagSubscriptionRatioLow', 'AcrSubscriptionExporterDown', 'AcrSubscriptionRepositoryLastTaskFailed'];
    const untouched = source.flatMap((group) => group.rules).filter((rule) => !tuned.includes(rule.alert));

    expect(ruleNamed(groups, 'AcrSubscriptionRepositoryLastTaskFailed')).toBeUndefined();
    expect(ratio?.expr).toBe(sourceRule('AcrSubscriptionTagSubscriptionRatioLow').expr.replace(/< 0\.9$/, '< 0.8'));
    expect(ratio?.for).toBe('1h');
    expect(ratio?.labels).toEqual({ severity: 'warning', team: 'registry' });
    // The PodMonitor's job name reaches the up selectors.
    expect(down?.expr).toBe('up{job="acr-prod"} == 0');
    expect(down?.labels).toEqual({ severity: 'warning' });
    expect(down?.annotations).toEqual({ ...withJob(sourceRule('AcrSubscriptionExporterDown'), 'acr-prod').annotations, dashboard: 'https://grafana.example.com/d/acr-subscription-overview' });
    for (const rule of untouched) expect(ruleNamed(groups, rule.alert)).toEqual(withJob(rule, 'acr-prod'));
    expect(groups.map((group) => group.name)).toEqual([...source.map((group) => group.name), 'acr-subscription-exporter-additional']);
    expect(groups.at(-1)?.rules.map((rule) => (rule as AlertRule & { record?: string }).record ?? rule.alert)).toEqual([
      'acr:subscription_tasks_failed:increase1h',
      'AcrSubscriptionMirrorGcrFailing',
    ]);
  });

  const thresholds: Array<[string, string]> = [
    ['AcrSubscriptionApiThrottling', '0.25'],
    ['AcrSubscriptionExporterDataStale', '1800'],
    ['AcrSubscriptionTasksFailing', '3'],
    ['AcrSubscriptionTaskInProgressTooLong', '14400'],
    ['AcrSubscriptionRepositoryNoRecentSuccess', '172800'],
    ['AcrSubscriptionTagSubscriptionRatioLow', '0.5'],
    ['AcrSubscriptionRuleNoRecentTask', '172800'],
  ];

  it.each(thresholds)('%s: threshold replaces the number its expression ends with, and nothing else', (alert, threshold) => {
    const groups = rulesOf(render(undefined, ['--set', 'prometheusRule.enabled=true', '--set-json', `prometheusRule.alerts.${alert}.threshold=${threshold}`]));
    const original = sourceRule(alert);
    const [, comparison, number] = /([<>]=?) ([0-9.]+)$/.exec(original.expr) ?? [];

    expect(number).toBeDefined();
    expect(number).not.toBe(threshold);
    expect(ruleNamed(groups, alert)).toEqual({ ...original, expr: original.expr.replace(/[<>]=? [0-9.]+$/, `${comparison} ${threshold}`) });
  });

  it('schema and template agree on which alerts take a threshold, and list every alert of the rules file', () => {
    const schema = readChartYaml('values.schema.json') as Values;
    const alertsSchema = ((schema.properties as Values).prometheusRule as { properties: { alerts: { properties: Record<string, { properties: Values }> } } }).properties.alerts.properties;
    const withThreshold = Object.entries(alertsSchema).filter(([, override]) => 'threshold' in override.properties).map(([alert]) => alert);

    expect(Object.keys(alertsSchema)).toEqual(readAlertRules().map((rule) => rule.alert));
    expect(withThreshold.sort()).toEqual(thresholds.map(([alert]) => alert).sort());
  });

  it('rejects an alert the rules file does not have, and a threshold where there is none to tune', () => {
    expect(renderError(['--set', 'prometheusRule.enabled=true', '--set', 'prometheusRule.alerts.AcrSubscriptionNoSuchAlert.enabled=false'])).toMatch(/prometheusRule\/alerts.*AcrSubscriptionNoSuchAlert/);
    expect(renderError(['--set', 'prometheusRule.enabled=true', '--set', 'prometheusRule.alerts.AcrSubscriptionExporterDown.threshold=1'])).toMatch(/AcrSubscriptionExporterDown.*threshold/);
  });
});

describeWithBinaries(['promtool'], 'the tuned PrometheusRule under promtool', ({ promtool }) => {
  (helmFound ? it : it.skip)('passes promtool check rules', () => {
    const groups = rulesOf(render('ci/podmonitor-values.yaml'));
    const directory = mkdtempSync(path.join(os.tmpdir(), 'acr-chart-rules-'));
    try {
      const file = path.join(directory, 'rules.yml');
      writeFileSync(file, stringify({ groups }));
      const output = execFileSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
      const ruleCount = groups.reduce((count, group) => count + group.rules.length, 0);

      expect(output).toContain(`SUCCESS: ${ruleCount} rules found`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

