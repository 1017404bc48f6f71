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

/** The exporter's metric names (histograms by their base name), as the rules and dashboards must know them. */
export function exporterBaseMetricNames(): string[] {
  return Object.values(METRICS).map((metric) => metric.name as string);
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
