/**
 * The chart's ServiceMonitor metric relabelings on a real Prometheus: prometheus-operator gives
 * every target a `namespace` label (the Kubernetes namespace), which makes Prometheus rename the
 * repository metrics' own `namespace` (the ACR namespace) to `exported_namespace`. The relabelings
 * `helm template` renders must give it its name back. Needs helm (test/helm/fetch-helm.sh) and
 * Debian's prometheus; skipped without them (prometheus: fails in CI, see prometheus-binaries.ts).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { pollUntil } from '../e2e/prometheus-child-process.js';
import { startDemoExporter, type DemoExporter } from '../e2e/prometheus-demo-exporter.js';
import { startPrometheus, type PrometheusServer } from '../e2e/prometheus-server.js';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { CHART_DIR, REPO_ROOT, isPlainObject } from './chart-values.js';

/** The Kubernetes namespace prometheus-operator would put on every target of the release. */
const KUBERNETES_NAMESPACE = 'monitoring';
const JOB = 'acr-subscription-exporter';
/** The demo's ACR namespaces (src/simulator/demo-scenario.ts). */
const DEMO_ACR_NAMESPACES = ['mirror-dockerhub', 'mirror-gcr', 'mirror-quay'];
const SETUP_TIMEOUT_MS = 90_000;

const helmFound = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' }).status === 0;
if (!helmFound) process.stderr.write('helm not found on PATH: skipped the ServiceMonitor relabeling test\n');
const describeWithHelm = helmFound ? describe : describe.skip;

/** prometheus-operator's RelabelConfig fields and Prometheus' own names for them. */
const RELABEL_FIELDS: Record<string, string> = {
  action: 'action',
  sourceLabels: 'source_labels',
  separator: 'separator',
  targetLabel: 'target_label',
  regex: 'regex',
  modulus: 'modulus',
  replacement: 'replacement',
};

/** The metricRelabelings of the rendered ServiceMonitor's only endpoint, as Prometheus config. */
function renderedMetricRelabelConfigs(): Record<string, unknown>[] {
  const run = spawnSync('helm', ['template', 'acr', CHART_DIR, '--namespace', KUBERNETES_NAMESPACE, '--set', 'serviceMonitor.enabled=true'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const serviceMonitor = parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as unknown)
    .find((manifest) => isPlainObject(manifest) && manifest.kind === 'ServiceMonitor') as { spec: { endpoints: { metricRelabelings?: Record<string, unknown>[] }[] } };
  const relabelings = serviceMonitor.spec.endpoints[0]?.metricRelabelings ?? [];
  return relabelings.map((relabeling) =>
    Object.fromEntries(
      Object.entries(relabeling).map(([field, value]) => {
        const name = RELABEL_FIELDS[field];
        if (name === undefined) throw new Error(`metricRelabelings field ${field} has no Prometheus name in this test`);
        return [name, value];
      }),
    ),
  );
}

describeWithHelm('the ServiceMonitor under prometheus-operator', () => {
  describeWithBinaries(['prometheus'], 'its metric relabelings on a real Prometheus', ({ prometheus: prometheusBinary }) => {
    let exporter: DemoExporter | undefined;
    let prometheus: PrometheusServer | undefined;

    beforeAll(async () => {
      const metricRelabelConfigs = renderedMetricRelabelConfigs();
      expect(metricRelabelConfigs).not.toHaveLength(0);
      exporter = await startDemoExporter(['--collection.mode', 'interval', '--collection.interval', '1s']);
      prometheus = await startPrometheus({
        binary: prometheusBinary,
        jobName: JOB,
        targets: [exporter.hostPort],
        ruleFiles: [],
        targetLabels: { namespace: KUBERNETES_NAMESPACE },
        metricRelabelConfigs,
      });
      const server = prometheus;
      await pollUntil(
        'a scrape with repository series',
        async () => ((await server.vector('acr_subscription_repository_tags')).length > 0 ? true : undefined),
        SETUP_TIMEOUT_MS / 2,
      );
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await prometheus?.stop();
      await exporter?.stop();
    });

    it('repository series keep their ACR namespace, with no exported_namespace', async () => {
      const byNamespace = await prometheus!.vector('count by (namespace, exported_namespace) (acr_subscription_repository_tags)');

      expect(byNamespace.map((sample) => sample.metric).sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? ''))).toEqual(
        DEMO_ACR_NAMESPACES.map((namespace) => ({ namespace })),
      );
    });

    it('series without an ACR namespace keep the Kubernetes one', async () => {
      const owned = await prometheus!.vector('acr_exporter_owned_instances');
      const up = await prometheus!.vector(`up{job="${JOB}"}`);

      expect([...owned, ...up].map((sample) => sample.metric.namespace)).toEqual([KUBERNETES_NAMESPACE, KUBERNETES_NAMESPACE]);
    });
  });
});
