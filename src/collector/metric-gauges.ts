import { Gauge, type Registry } from 'prom-client';
import { METRICS, type LabelNames, type MetricKey } from '../metric-names.js';

/** One gauge per key, typed by its label names. */
export type Gauges<K extends MetricKey> = { [P in K]: Gauge<LabelNames<P>> };

/** Registers a gauge for each of `keys` (name, help and labels from METRICS) on `registry`, in that order. */
export function createGauges<K extends MetricKey>(registry: Registry, keys: readonly K[]): Gauges<K> {
  const entries = keys.map((key) => {
    const { name, help, labelNames } = METRICS[key];
    return [key, new Gauge<string>({ name, help, labelNames: [...labelNames], registers: [registry] })] as const;
  });
  // Each gauge was created from METRICS[key], so its label names are exactly LabelNames<key>.
  return Object.fromEntries(entries) as unknown as Gauges<K>;
}
