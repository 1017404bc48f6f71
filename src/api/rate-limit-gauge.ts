import { Gauge, type Registry } from 'prom-client';
import { METRICS } from '../metric-names.js';

/**
 * acr_exporter_api_requests_per_second_limit: the rate the newest client of a registry allows
 * itself, read when the registry is rendered. A client built on a configuration reload takes the
 * gauge over, so the series continues.
 */
const sourceByRegistry = new WeakMap<Registry, { rate: () => number }>();

export function exposeRateLimit(registry: Registry, rate: () => number): void {
  const existing = sourceByRegistry.get(registry);
  if (existing) {
    existing.rate = rate;
    return;
  }
  const source = { rate };
  sourceByRegistry.set(registry, source);
  new Gauge({
    ...METRICS.apiRequestsPerSecondLimit,
    labelNames: [...METRICS.apiRequestsPerSecondLimit.labelNames],
    registers: [registry],
    collect() {
      this.set(source.rate());
    },
  });
}
