import { describe, expect, it } from '@jest/globals';
import { Counter, Registry } from 'prom-client';
import type { Snapshot } from '../../src/collector/snapshot.js';
import { MetricsRenderer } from '../../src/server/metrics-renderer.js';

const snapshot: Snapshot = {
  takenAtMs: 1_700_000_000_000,
  shard: { index: 0, total: 1 },
  instances: [
    { region: 'cn-hangzhou', instanceId: 'cri-a', info: undefined, collectSuccess: true, collectDurationSeconds: 0.5, lastSuccessTimeMs: 1_700_000_000_000, tasks: undefined, error: undefined },
  ],
};

function exporterRegistry(): { registry: Registry; counter: Counter } {
  const registry = new Registry();
  const counter = new Counter({ name: 'own_events_total', help: 'Events.', registers: [registry] });
  return { registry, counter };
}

describe('MetricsRenderer', () => {
  it('serves the long-lived metrics, then the snapshot gauges', async () => {
    const { registry, counter } = exporterRegistry();
    counter.inc(2);

    const text = await new MetricsRenderer(registry).render(snapshot);

    expect(text.indexOf('own_events_total 2\n')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-a"} 1\n')).toBeGreaterThan(text.indexOf('own_events_total 2'));
    expect(text).toContain('acr_exporter_owned_instances 1\n');
  });

  it('renders the long-lived metrics on every scrape, and the same snapshot the same way', async () => {
    const { registry, counter } = exporterRegistry();
    const renderer = new MetricsRenderer(registry);

    const first = await renderer.render(snapshot);
    counter.inc();
    const second = await renderer.render(snapshot);

    expect(first).toContain('own_events_total 0\n');
    expect(second).toContain('own_events_total 1\n');
    expect(second.slice(second.indexOf('# HELP acr_'))).toBe(first.slice(first.indexOf('# HELP acr_')));
  });

  it('serves only the long-lived metrics before the first snapshot', async () => {
    const { registry } = exporterRegistry();
    const text = await new MetricsRenderer(registry).render(undefined);
    expect(text).toContain('own_events_total 0\n');
    expect(text).not.toContain('acr_');
  });
});
