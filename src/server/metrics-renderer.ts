import { Registry } from 'prom-client';
import { buildSnapshotRegistry } from '../collector/render-snapshot.js';
import type { Snapshot } from '../collector/snapshot.js';

/**
 * The classic text format (0.0.4) only. prom-client 15 renders OpenMetrics by renaming counter objects
 * in place (it strips `_total` from `metric.name` on every OpenMetrics render), so one process cannot
 * serve both formats from the same metrics without corrupting the text format; Prometheus reads the
 * text format whatever it asks for first.
 */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * /metrics = the exporter's long-lived registry (process, build, API and counter metrics), rendered on
 * every scrape, followed by the snapshot's gauges, rendered once per snapshot and then reused: a scrape
 * of a warm snapshot costs little whatever the number of series.
 */
export class MetricsRenderer {
  private readonly snapshotText = new WeakMap<Snapshot, Promise<string>>();

  constructor(private readonly exporterRegistry: Registry) {}

  async render(snapshot: Snapshot | undefined): Promise<string> {
    const [own, gauges] = await Promise.all([this.exporterRegistry.metrics(), snapshot ? this.renderSnapshot(snapshot) : '']);
    return own + gauges;
  }

  private renderSnapshot(snapshot: Snapshot): Promise<string> {
    let text = this.snapshotText.get(snapshot);
    if (!text) {
      text = buildSnapshotRegistry(snapshot).metrics();
      this.snapshotText.set(snapshot, text);
    }
    return text;
  }
}
