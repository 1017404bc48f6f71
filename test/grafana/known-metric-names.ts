/**
 * Every metric name a dashboard panel or an alert rule may query: the exporter's own metrics
 * (src/metric-names.ts, with the _bucket/_sum/_count series of its histograms), prom-client's
 * default process metrics, and the series Prometheus itself adds for each target and alert.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { METRICS, type MetricKey } from '../../src/metric-names.js';

/** The exporter's histograms; METRICS does not record metric types. */
const EXPORTER_HISTOGRAMS: readonly MetricKey[] = ['taskDuration', 'apiRequestDuration'];

const HISTOGRAM_SERIES_SUFFIXES = ['_bucket', '_sum', '_count'];

/** Series Prometheus writes itself, per scrape target and per alerting rule. */
export const PROMETHEUS_SERIES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
  'ALERTS',
  'ALERTS_FOR_STATE',
];

/**
 * Issue 9 renames acr_exporter_invalid_tasks_total to the gauge acr_exporter_invalid_tasks and adds
 * acr_exporter_incomplete_listings_total; the collector and API changes that do it land in
 * src/metric-names.ts on their own branches, the rules and dashboards that read the new names on
 * this one. Until they meet, the exporter's names are read through this change; once
 * src/metric-names.ts has the new names it is a no-op, and can be deleted.
 */
const ISSUE_9_NAMES = { removed: ['acr_exporter_invalid_tasks_total'], added: ['acr_exporter_invalid_tasks', 'acr_exporter_incomplete_listings_total'] };

/** The exporter's metric names (histograms by their base name), as the rules and dashboards must know them. */
export function exporterBaseMetricNames(): string[] {
  const names = Object.values(METRICS).map((metric) => metric.name as string);
  return [...new Set([...names.filter((name) => !ISSUE_9_NAMES.removed.includes(name)), ...ISSUE_9_NAMES.added])];
}

function withHistogramSeries(name: string): string[] {
  return [name, ...HISTOGRAM_SERIES_SUFFIXES.map((suffix) => name + suffix)];
}

export function exporterMetricNames(): Set<string> {
  const histograms = new Set<string>(EXPORTER_HISTOGRAMS.map((key) => METRICS[key].name));
  return new Set(exporterBaseMetricNames().flatMap((name) => (histograms.has(name) ? withHistogramSeries(name) : [name])));
}

export async function processMetricNames(): Promise<Set<string>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await registry.getMetricsAsJSON();
  return new Set(metrics.flatMap((metric) => (String(metric.type) === 'histogram' ? withHistogramSeries(metric.name) : [metric.name])));
}

export async function knownMetricNames(): Promise<Set<string>> {
  return new Set([...exporterMetricNames(), ...(await processMetricNames()), ...PROMETHEUS_SERIES]);
}
