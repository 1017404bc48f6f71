/**
 * The chart's exporter configuration against the exporter itself: the config it renders must load,
 * values.schema.json must know exactly the exporter's keys, and the ServiceMonitor's timeout must
 * leave room for the exporter's own scrape timeout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import ajvModule from 'ajv';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CONFIG_KEYS, configSchema } from '../../src/config/schema.js';
import { tryParseDuration } from '../../src/config/duration.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CHART_DIR, chartValues, ciValuesFiles, isPlainObject, valueAt, type Values } from './chart-values.js';

/** Config sections the chart sets through flags, so values.schema.json does not allow them. */
const CHART_OWNED_SECTIONS = ['web.', 'sharding.'];
/** Headroom between the exporter's scrapeTimeout and Prometheus' scrape_timeout (values.yaml says 5s). */
const SCRAPE_TIMEOUT_MARGIN_MS = 5_000;
/** The exporter's default collection.scrapeTimeout, when the values leave it unset. */
const EXPORTER_DEFAULT_SCRAPE_TIMEOUT = '10s';

const valueFiles = [undefined, ...ciValuesFiles()];
const label = (file: string | undefined) => file ?? 'values.yaml';
const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as Values;

/** Dotted key paths of a values.schema.json object schema, `regions[].id` for keys of list items. */
function schemaKeyPaths(node: Values, prefix: string): string[] {
  if (!isPlainObject(node.properties)) return [];
  return Object.entries(node.properties).flatMap(([name, child]) => {
    if (!isPlainObject(child)) return [];
    const here = `${prefix}${name}`;
    if (isPlainObject(child.properties)) return schemaKeyPaths(child, `${here}.`);
    if (isPlainObject(child.items) && isPlainObject(child.items.properties)) return [here, ...schemaKeyPaths(child.items, `${here}[].`)];
    return [here];
  });
}

describe("the chart's exporter configuration", () => {
  it.each(valueFiles.map(label))('%s: config passes the exporter\'s config schema', (file) => {
    const config = chartValues(file === 'values.yaml' ? undefined : file).config;

    const result = configSchema.safeParse(config);

    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("values.schema.json declares exactly the exporter's config keys (less web and sharding)", () => {
    const exporterKeys = CONFIG_KEYS.map((key) => key.path).filter((key) => !CHART_OWNED_SECTIONS.some((section) => key.startsWith(section)));
    const chartKeys = schemaKeyPaths((schema.properties as Values).config as Values, '');

    expect([...chartKeys].sort()).toEqual([...exporterKeys].sort());
  });

  it("reads durations exactly as the exporter does", () => {
    const definitions = schema.definitions as Values;
    const validateDuration = new ajvModule.default({ strict: true }).compile({ definitions, $ref: '#/definitions/duration' });
    const samples = ['30s', '5m', '1h30m', '250ms', '1d2h3m4s5ms', '0', '', '30', '5ms5m', '1.5s', '1h1h', ' 30s', '30S', '5mm'];

    const disagreements = samples.filter((sample) => validateDuration(sample) !== (tryParseDuration(sample) !== undefined));

    expect(disagreements).toEqual([]);
  });

  it.each(valueFiles.map(label))('%s: serviceMonitor.scrapeTimeout leaves room for the exporter and fits the interval', (file) => {
    const values = chartValues(file === 'values.yaml' ? undefined : file);
    const exporterTimeout = tryParseDuration(String(valueAt(values, 'config.collection.scrapeTimeout') ?? EXPORTER_DEFAULT_SCRAPE_TIMEOUT));
    const scrapeTimeout = tryParseDuration(String(valueAt(values, 'serviceMonitor.scrapeTimeout')));
    const interval = tryParseDuration(String(valueAt(values, 'serviceMonitor.interval')));

    expect(exporterTimeout).toBeDefined();
    expect(scrapeTimeout).toBeGreaterThanOrEqual((exporterTimeout ?? Infinity) + SCRAPE_TIMEOUT_MARGIN_MS);
    expect(scrapeTimeout).toBeLessThanOrEqual(interval ?? 0);
  });
});

/** The arguments the chart's pod template passes (templates/_helpers.tpl), with a local config path. */
function chartArgs(values: Values, configPath: string): string[] {
  const sharding = values.sharding as Values;
  const args = ['--config', configPath, '--web.listen-address', `:${String(values.containerPort)}`];
  if (sharding.enabled === true) args.push('--total-shards', String(sharding.replicas));
  return [...args, ...((values.extraArgs as string[] | undefined) ?? [])];
}

describe("the chart's config file and arguments, through the exporter's loadConfig", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'acr-chart-config-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(valueFiles.map(label))('%s loads', async (file) => {
    const values = chartValues(file === 'values.yaml' ? undefined : file);
    const configPath = path.join(scratch, `${path.basename(label(file), '.yaml')}.yml`);
    writeFileSync(configPath, stringify(values.config));
    const sharded = (values.sharding as Values).enabled === true;

    const loaded = loadConfig({ argv: chartArgs(values, configPath), env: sharded ? { POD_NAME: 'release-acr-subscription-exporter-1' } : {} }) as {
      config: { regions: Array<{ id: string }>; web: { listenAddress: { host: string | undefined; port: number } }; sharding: { total: number } };
    };

    expect(loaded.config.regions.map((region) => region.id)).toEqual((valueAt(values, 'config.regions') as Array<{ id: string }>).map((region) => region.id));
    expect(loaded.config.web.listenAddress).toEqual({ host: undefined, port: values.containerPort });
    expect(loaded.config.sharding.total).toBe(sharded ? (values.sharding as Values).replicas : 1);
  });
});
