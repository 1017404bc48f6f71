import { readFileSync } from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import { describe, expect, it } from '@jest/globals';
import { CHART_DIR, chartValues, ciValuesFiles, isPlainObject, mergeHelmValues, type Values } from './chart-values.js';

// ajv is CommonJS: the ESM default import is module.exports, whose `default` is the Ajv class.
const Ajv = ajvModule.default;
const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as Values;
// strict: unknown keywords or formats in the schema are errors, as they would be silently ignored by Helm.
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function errorsOf(values: Values): string[] {
  return validate(values) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

describe('values.schema.json', () => {
  it('is a draft-07 schema that closes the top level', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts values.yaml', () => {
    expect(errorsOf(chartValues())).toEqual([]);
  });

  it.each(ciValuesFiles())('accepts %s merged over values.yaml', (file) => {
    expect(errorsOf(chartValues(file))).toEqual([]);
  });

  it('has one example values file per credential mode and one for sharding', () => {
    const modes = ciValuesFiles().map((file) => (chartValues(file).credentials as Values).mode);
    const sharded = ciValuesFiles().filter((file) => (chartValues(file).sharding as Values).enabled === true);

    expect(new Set(modes)).toEqual(new Set(['existingSecret', 'secret', 'rrsa', 'ecsRamRole']));
    expect(sharded).toEqual(['ci/sharded-values.yaml']);
  });

  const rejected: Array<[string, Values, string]> = [
    ['an unknown top-level key', { replicaCount: 2 }, ''],
    ['an unknown credentials mode', { credentials: { mode: 'accessKey' } }, '/credentials/mode'],
    ['existingSecret without a name', { credentials: { mode: 'existingSecret' } }, '/credentials/existingSecret'],
    ['secret mode without a key pair', { credentials: { mode: 'secret' } }, '/credentials/secret'],
    ['rrsa with injected env but no ARNs', { credentials: { mode: 'rrsa' } }, '/credentials/rrsa'],
    ['rrsa through the webhook without a role name', { credentials: { mode: 'rrsa', rrsa: { injectEnv: false } } }, '/credentials/rrsa'],
    ['a malformed role ARN', { credentials: { mode: 'rrsa', rrsa: { roleArn: 'role/x', oidcProviderArn: 'acs:ram::1:oidc-provider/p' } } }, '/credentials/rrsa/roleArn'],
    ['ecsRamRole without a role name', { credentials: { mode: 'ecsRamRole' } }, '/credentials/ecsRamRole'],
    ['a single shard', { sharding: { enabled: true, replicas: 1 } }, '/sharding/replicas'],
    ['replicas as a string', { sharding: { replicas: '3' } }, '/sharding/replicas'],
    ['no regions', { config: { regions: [] } }, '/config/regions'],
    ['a region id in capitals', { config: { regions: [{ id: 'CN-HANGZHOU' }] } }, '/config/regions/0/id'],
    ['an endpoint with a scheme', { config: { regions: [{ id: 'cn-hangzhou', endpoint: 'https://cr.cn-hangzhou.aliyuncs.com' }] } }, '/config/regions/0/endpoint'],
    ['an unknown collection mode', { config: { collection: { mode: 'push' } } }, '/config/collection/mode'],
    ['a duration without a unit', { config: { collection: { cacheTtl: '30' } } }, '/config/collection/cacheTtl'],
    ['a page size above the API maximum', { config: { collection: { pageSize: 500 } } }, '/config/collection/pageSize'],
    ['an unknown config key', { config: { colection: { mode: 'scrape' } } }, '/config'],
    ['sharding in the config (the chart sets it)', { config: { sharding: { totalShards: 2 } } }, '/config'],
    ['a listen address in the config (the chart sets it)', { config: { web: { listenAddress: ':9100' } } }, '/config'],
    ['a lower-case log level that does not exist', { config: { log: { level: 'trace' } } }, '/config/log/level'],
    ['a non-string label value', { commonLabels: { team: 1 } }, '/commonLabels/team'],
    ['an unknown pull policy', { image: { pullPolicy: 'Sometimes' } }, '/image/pullPolicy'],
    ['a malformed digest', { image: { digest: 'latest' } }, '/image/digest'],
    ['a scrape timeout that is not a duration', { serviceMonitor: { scrapeTimeout: 'fast' } }, '/serviceMonitor/scrapeTimeout'],
    ['a privileged port', { containerPort: 80 }, '/containerPort'],
    ['an unknown scrape scheme', { serviceMonitor: { scheme: 'ftp' } }, '/serviceMonitor/scheme'],
    ['a negative sample limit', { podMonitor: { sampleLimit: -1 } }, '/podMonitor/sampleLimit'],
    ['an alert the rules file does not have', { prometheusRule: { alerts: { AcrSubscriptionNoSuchAlert: { enabled: false } } } }, '/prometheusRule/alerts'],
    ['a threshold on an alert without one', { prometheusRule: { alerts: { AcrSubscriptionExporterDown: { threshold: 1 } } } }, '/prometheusRule/alerts/AcrSubscriptionExporterDown'],
    ['a ratio threshold above 1', { prometheusRule: { alerts: { AcrSubscriptionTagSubscriptionRatioLow: { threshold: 90 } } } }, '/prometheusRule/alerts/AcrSubscriptionTagSubscriptionRatioLow/threshold'],
    ['a `for` that is not a duration', { prometheusRule: { alerts: { AcrSubscriptionCollectionFailing: { for: 'ten minutes' } } } }, '/prometheusRule/alerts/AcrSubscriptionCollectionFailing/for'],
    ['an additional rule without expr', { prometheusRule: { additionalRules: [{ alert: 'X' }] } }, '/prometheusRule/additionalRules/0'],
    ['a PDB minAvailable that is neither a number nor a percentage', { podDisruptionBudget: { minAvailable: 'half' } }, '/podDisruptionBudget/minAvailable'],
    ['an unknown unhealthy pod eviction policy', { podDisruptionBudget: { unhealthyPodEvictionPolicy: 'Never' } }, '/podDisruptionBudget/unhealthyPodEvictionPolicy'],
    ['NetworkPolicy peers as an object', { networkPolicy: { metricsFrom: { podSelector: {} } } }, '/networkPolicy/metricsFrom'],
    ['an extra manifest that is a number', { extraManifests: [1] }, '/extraManifests/0'],
  ];

  it.each(rejected)('rejects %s', (_case, overrides, instancePath) => {
    const errors = errorsOf(mergeHelmValues(chartValues(), overrides));

    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((error) => error.startsWith(`${instancePath} `) || error.startsWith(`${instancePath}/`))).toBe(true);
  });

  it('describes every property it declares', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${at}[${index}]`));
      if (!isPlainObject(node)) return;
      if (isPlainObject(node.properties)) {
        for (const [name, property] of Object.entries(node.properties)) {
          // Inside if/then the properties only add constraints to ones described elsewhere.
          if (isPlainObject(property) && typeof property.description !== 'string' && !/\.(then|if)\b/.test(at)) {
            undocumented.push(`${at}.${name}`);
          }
        }
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${at}.${key}`);
    };

    walk(schema, '$');

    expect(undocumented).toEqual([]);
  });
});
