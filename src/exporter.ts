import { collectDefaultMetrics, Registry } from 'prom-client';
import { createAcrClient, type AcrClientDeps } from './api/create-acr-client.js';
import { systemClock, type Clock } from './clock.js';
import type { ExporterConfig } from './config/types.js';
import { ExporterMetrics } from './collector/exporter-metrics.js';
import { SeenTaskIds } from './collector/seen-task-ids.js';
import { InstanceDiscovery } from './discovery/instance-discovery.js';
import type { Logger } from './logger.js';
import { METRICS } from './metric-names.js';
import { Collection } from './scheduler/collection.js';
import { IntervalScheduler } from './scheduler/interval-scheduler.js';
import { ScrapeScheduler } from './scheduler/scrape-scheduler.js';
import type { SnapshotSource } from './scheduler/snapshot-source.js';
import { createApp } from './server/create-app.js';
import { listen } from './server/http-server.js';
import { MetricsRenderer } from './server/metrics-renderer.js';
import { VERSION } from './version.js';

/** On shutdown, how long a collection still running may take before the process exits anyway. */
const COLLECTION_SHUTDOWN_GRACE_MS = 2000;

const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export interface RunningExporter {
  /** http://host:port the server is bound to. */
  url: string;
  registry: Registry;
  snapshots: SnapshotSource;
  /** Stops accepting, finishes in-flight scrapes, stops timers; waits for a running collection at most COLLECTION_SHUTDOWN_GRACE_MS. */
  close(): Promise<void>;
}

async function sumCounter(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.reduce((total, sample) => total + sample.value, 0);
}

/**
 * Wires config -> discovery -> api -> collector -> scheduler -> server and starts listening.
 * Everything the process owns is created here, on a registry of its own.
 */
export async function startExporter(
  config: ExporterConfig,
  deps: { logger: Logger; clock?: Clock; credential?: AcrClientDeps['credential'] },
): Promise<RunningExporter> {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;
  const shard = { index: config.sharding.shard ?? 0, total: config.sharding.totalShards };

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges with a counter's _total suffix, which promtool rightly rejects;
  // the same values stay available as nodejs_active_handles, nodejs_active_requests, nodejs_active_resources.
  for (const misnamed of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(misnamed);
  const metrics = new ExporterMetrics(registry, { version: VERSION });
  const client = createAcrClient(config, registry, {
    credential: deps.credential,
    clock,
    logger,
  });
  const discovery = new InstanceDiscovery({ regions: config.regions, discovery: config.discovery, shard, lister: client, clock });
  const collection = new Collection({
    discovery,
    lister: client,
    metrics,
    seen: new SeenTaskIds(config.collection.seenTaskIdsMax),
    config: config.collection,
    shard,
    clock,
    logger,
    countApiCalls: () => sumCounter(registry, METRICS.apiRequests.name),
  });
  const snapshots: SnapshotSource =
    config.collection.mode === 'scrape'
      ? new ScrapeScheduler(collection, { cacheTtlMs: config.collection.cacheTtlMs, scrapeTimeoutMs: config.collection.scrapeTimeoutMs, clock, logger })
      : new IntervalScheduler(collection, { intervalMs: config.collection.intervalMs, clock, logger });

  const app = createApp({
    snapshots,
    renderer: new MetricsRenderer(registry),
    landing: { version: VERSION, mode: config.collection.mode, regions: config.regions, shard },
    logger,
    now: () => clock.now(),
  });
  const server = await listen(app, config.web.listenAddress);
  snapshots.start();
  logger.info({ url: server.url, mode: config.collection.mode, regions: config.regions.map((r) => r.id), shard }, 'listening');

  return {
    url: server.url,
    registry,
    snapshots,
    close: async () => {
      // Scrapes waiting for a collection get the last snapshot now; then the server drains.
      const schedulerClosed = snapshots.close();
      await server.close();
      // A collection in flight is not worth delaying the exit for: its results would not be served.
      await Promise.race([schedulerClosed, systemClock.sleep(COLLECTION_SHUTDOWN_GRACE_MS)]);
    },
  };
}
