/**
 * Every manifest `helm template` renders, for the defaults and every ci/ values file, validated
 * against the Kubernetes OpenAPI schemas (kubernetes-models) and prometheus-operator's CRD schemas
 * (@kubernetes-models/prometheus-operator). helm lint checks the chart, not the objects it renders.
 */
import { expect, it } from '@jest/globals';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ciValuesFiles } from './chart-values.js';
import { describeWithHelm, render, type Manifest } from './helm-template.js';

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: never) => ValidatingModel;

/** The model of every apiVersion/kind the chart renders; an unknown one fails the test. */
const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Pod': Pod,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/** The schema violations of a manifest, one line each; empty when it is valid. */
function violationsOf(manifest: Manifest): string[] {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (Model === undefined) return [`${manifest.apiVersion}/${manifest.kind}: no model to validate it with`];
  try {
    new Model(manifest as never).validate();
    return [];
  } catch (error) {
    return [`${manifest.kind}/${manifest.metadata.name}: ${(error as Error).message}`];
  }
}

describeWithHelm('validating the rendered manifests')('rendered manifests', () => {
  it.each([undefined, ...ciValuesFiles()])('are valid Kubernetes and prometheus-operator objects with %s', (valuesFile) => {
    const manifests = render(valuesFile);
    const violations = manifests.flatMap(violationsOf);

    expect(manifests.length).toBeGreaterThan(3);
    expect(violations).toEqual([]);
  });

  it('cover every kind the chart can render', () => {
    const kinds = new Set([undefined, ...ciValuesFiles()].flatMap((valuesFile) => render(valuesFile).map((manifest) => manifest.kind)));

    expect([...kinds].sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'NetworkPolicy',
      'Pod',
      'PodDisruptionBudget',
      'PodMonitor',
      'PrometheusRule',
      'Secret',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
      'StatefulSet',
    ]);
  });

  it('catch an invalid object (the validation can fail)', () => {
    const [pdb] = render('ci/sharded-values.yaml').filter((manifest) => manifest.kind === 'PodDisruptionBudget');
    const [serviceMonitorManifest] = render('ci/sharded-values.yaml').filter((manifest) => manifest.kind === 'ServiceMonitor');
    if (pdb === undefined || serviceMonitorManifest === undefined) throw new Error('ci/sharded-values.yaml renders no PodDisruptionBudget or ServiceMonitor');
    const brokenPdb = { ...pdb, spec: { ...pdb.spec, maxUnavailable: true } };
    const endpoints = serviceMonitorManifest.spec?.endpoints as Array<Record<string, unknown>>;
    const brokenServiceMonitor = { ...serviceMonitorManifest, spec: { ...serviceMonitorManifest.spec, endpoints: [{ ...endpoints[0], scheme: 'ftp' }] } };

    expect(violationsOf(pdb)).toEqual([]);
    expect(violationsOf(brokenPdb)).toEqual([expect.stringMatching(/maxUnavailable/)]);
    expect(violationsOf(brokenServiceMonitor)).toEqual([expect.stringMatching(/scheme/)]);
  });
});
