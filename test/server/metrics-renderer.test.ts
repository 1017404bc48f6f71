import { describe, expect, it } from '@jest/globals';
import { Counter, Registry } from 'prom-client';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '../../src/clock.js';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import { snapshotPreparer } from '../../src/collector/snapshot-exposition.js';
import { buildSnapshotRegistry } from '../../src/collector/render-snapshot.js';
import type { Snapshot } from '../../src/collector/snapshot.js';
import { RUNTIME_FAMILIES_MAX_AGE_MS, MetricsRenderer } from '../../src/server/metrics-renderer.js';

const snapshot: Snapshot = {
  takenAtMs: 1_700_000_000_000,
  shard: { index: 0, total: 1 },
  instances: [
    { region: 'cn-hangzhou', instanceId: 'cri-a', info: undefined, collectSuccess: true, collectDurationSeconds: 0.5, lastSuccessTimeMs: 1_700_000_000_000, tasks: undefined, error: undefined },
  ],
};

function exporterRegistry(): { registry: Registry; counter: Counter; metrics: ExporterMetrics } {
  const registry = new Registry();
  const counter = new Counter({ name: 'own_events_total', help: 'Events.', registers: [registry] });
  const metrics = new ExporterMetrics(registry, { version: '0.1.0', nodejsVersion: '20.0.0' });
  return { registry, counter, metrics };
}

const text = (body: readonly Buffer[]) => Buffer.concat(body).toString('utf8');

describe('MetricsRenderer', () => {
  it('serves the live families, then the snapshot exposition with its collection-time families', async () => {
    const { registry, counter, metrics } = exporterRegistry();
    counter.inc(2);
    metrics.sinkFor('cn-hangzhou', 'cri-a').taskCompleted('SUCCESS', 12);
    const published = await snapshotPreparer(registry)(snapshot);

    const served = text(await new MetricsRenderer(registry, new ManualClock(0)).render(published, 'identity'));

    const at = (line: string) => served.indexOf(line);
    expect(at('own_events_total 2\n')).toBeGreaterThanOrEqual(0);
    expect(at('acr_exporter_build_info{version="0.1.0",nodejs_version="20.0.0"} 1\n')).toBeGreaterThan(at('own_events_total 2'));
    expect(at('acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1\n')).toBeGreaterThan(
      at('acr_exporter_build_info'),
    );
    expect(at('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-a"} 1\n')).toBeGreaterThan(at('acr_subscription_tasks_completed_total'));
    // One HELP per family: the collection-time families are not rendered again with the live ones.
    expect(served.match(/# HELP acr_subscription_tasks_completed_total /g)).toHaveLength(1);
    // Every family once: the exporter registry's and the snapshot's gauge families (task, health, rule and failed-tag gauges).
    expect(served.match(/^# HELP /gm)).toHaveLength(registry.getMetricsAsArray().length + buildSnapshotRegistry(snapshot).getMetricsAsArray().length);
  });

  it('writes out the published snapshot bytes as they are, in either encoding', async () => {
    const { registry } = exporterRegistry();
    const published = await snapshotPreparer(registry)(snapshot);
    const renderer = new MetricsRenderer(registry, new ManualClock(0));

    const identity = await renderer.render(published, 'identity');
    const gzip = await renderer.render(published, 'gzip');

    expect(identity.at(-1)).toBe(published.exposition!.identity);
    expect(gzip.at(-1)).toBe(published.exposition!.gzip);
  });

  it('answers gzip members whose concatenation decodes to the identity answer', async () => {
    const { registry } = exporterRegistry();
    const published = await snapshotPreparer(registry)(snapshot);
    const renderer = new MetricsRenderer(registry, new ManualClock(0));

    const gzip = await renderer.render(published, 'gzip');

    expect(gzip).toHaveLength(3);
    expect(gunzipSync(Buffer.concat(gzip)).toString('utf8')).toBe(text(await renderer.render(published, 'identity')));
  });

  it('renders the runtime families again once RUNTIME_FAMILIES_MAX_AGE_MS has passed and shares them before; the others on every scrape', async () => {
    const { registry, counter } = exporterRegistry();
    const runtime = new Counter({ name: 'process_test_events_total', help: 'Runtime events.', registers: [registry] });
    const clock = new ManualClock(0);
    const renderer = new MetricsRenderer(registry, clock);
    const published = await snapshotPreparer(registry)(snapshot);

    const first = text(await renderer.render(published, 'identity'));
    runtime.inc();
    counter.inc();
    await clock.advance(RUNTIME_FAMILIES_MAX_AGE_MS - 1);
    const shared = text(await renderer.render(published, 'identity'));
    await clock.advance(1);
    const fresh = text(await renderer.render(published, 'identity'));

    expect(first).toContain('process_test_events_total 0\n');
    expect(first).toContain('own_events_total 0\n');
    expect(shared).toContain('process_test_events_total 0\n');
    expect(shared).toContain('own_events_total 1\n');
    expect(fresh).toContain('process_test_events_total 1\n');
  });

  it('prepares a snapshot built without the collection (no exposition) itself', async () => {
    const { registry } = exporterRegistry();
    const renderer = new MetricsRenderer(registry, new ManualClock(0));

    const served = text(await renderer.render(snapshot, 'identity'));

    expect(served).toBe(text(await renderer.render(await snapshotPreparer(registry)(snapshot), 'identity')));
    expect(served).toContain('acr_exporter_owned_instances 1\n');
  });

  it('makes the bytes of a snapshot without an exposition once, for every scrape of it', async () => {
    const { registry } = exporterRegistry();
    const renderer = new MetricsRenderer(registry, new ManualClock(0));

    const [first, second] = await Promise.all([renderer.render(snapshot, 'gzip'), renderer.render(snapshot, 'gzip')]);

    expect(first.at(-1)).toBe(second.at(-1)); // the same Buffer: made once
  });

  it('serves only the exporter registry before the first snapshot', async () => {
    const { registry } = exporterRegistry();
    const served = text(await new MetricsRenderer(registry, new ManualClock(0)).render(undefined, 'identity'));
    expect(served).toContain('own_events_total 0\n');
    expect(served).toContain('# TYPE acr_subscription_tasks_completed_total counter\n');
    expect(served).not.toContain('acr_exporter_collect_success');
  });
});
