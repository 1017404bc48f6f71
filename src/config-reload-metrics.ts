import { Gauge, type Registry } from 'prom-client';
import { METRICS } from './metric-names.js';

/**
 * acr_exporter_config_last_reload_successful and ..._success_timestamp_seconds, as Prometheus,
 * Alertmanager and blackbox_exporter expose them: a reload that failed keeps the old configuration
 * running, so only a metric lets an alert notice it.
 */
export class ConfigReloadMetrics {
  private readonly successful: Gauge;
  private readonly successTimestamp: Gauge;

  /** Registers both gauges and records the configuration loaded at start, at `nowMs`. */
  constructor(registry: Registry, nowMs: number) {
    this.successful = new Gauge({ ...METRICS.configLastReloadSuccessful, labelNames: [], registers: [registry] });
    this.successTimestamp = new Gauge({ ...METRICS.configLastReloadSuccessTimestamp, labelNames: [], registers: [registry] });
    this.succeeded(nowMs);
  }

  succeeded(nowMs: number): void {
    this.successful.set(1);
    this.successTimestamp.set(nowMs / 1000);
  }

  failed(): void {
    this.successful.set(0);
  }
}
