import { collectDefaultMetrics, Registry } from 'prom-client';
import { createAcrClient, type AcrClientDeps } from './api/create-acr-client.js';
import { IncrementalTaskLister } from './api/incremental-task-lister.js';
import { taskListingCounter } from './api/task-listings-metric.js';
import { isFinished } from './collector/task-state.js';
import { systemClock, type Clock } from './clock.js';
import { formatListenAddress } from './config/listen-address.js';
import type { ExporterConfig } from './config/types.js';
import { ExporterMetrics } from './collector/exporter-metrics.js';
import { CompletionTracker } from './collector/completion-tracker.js';
import { snapshotPreparer } from './collector/snapshot-exposition.js';
import { InstanceDiscovery } from './discovery/instance-discovery.js';
import type { Logger } from './logger.js';
import { ConfigReloadMetrics } from './config-reload-metrics.js';
import { Collection, type CollectionSettings } from './scheduler/collection.js';
import { FailedTaskTags } from './scheduler/failed-task-tags.js';
import { IntervalScheduler } from './scheduler/interval-scheduler.js';
import { ReloadableSnapshotSource } from './scheduler/reloadable-snapshot-source.js';
import { ScrapeScheduler } from './scheduler/scrape-scheduler.js';
import { SubscriptionRulesCache } from './scheduler/subscription-rules-cache.js';
import type { SnapshotSource } from './scheduler/snapshot-source.js';
import { createApp } from './server/create-app.js';
import { listen } from './server/http-server.js';
import type { LandingPageInfo } from './server/landing-page.js';
import { MetricsRenderer } from './server/metrics-renderer.js';
import { WebEndpoint } from './server/web-endpoint.js';
import { VERSION } from './version.js';

/** On shutdown, how long a collection still running may take before the process exits anyway. */
const COLLECTION_SHUTDOWN_GRACE_MS = 2000;

const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export interface RunningExporter {
  /** http://host:port (https:// with TLS in web.configFile) the server is bound to. */
  url: string;
  registry: Registry;
  snapshots: SnapshotSource;
  /**
   * Applies a new configuration without a restart (SIGHUP): `load` reads and validates it, or throws.
   * Regions, instances, discovery, collection, API, sharding and log settings take effect from the next
   * collection, which starts at once (after one in progress); counters, seen TaskIds and every instance's
   * last state are kept. web.listenAddress, web.configFile (the path; the file itself is re-read here and
   * whenever it changes) and collection.seenTaskIdsMax apply only at a restart (logged).
   * When `load` throws, one line naming the problem is logged and the running configuration is kept.
   * @returns whether the new configuration was applied
   */
  reload(load: () => ExporterConfig): boolean;
  /** Stops accepting, finishes in-flight scrapes, stops timers; waits for a running collection at most COLLECTION_SHUTDOWN_GRACE_MS. */
  close(): Promise<void>;
}

/** Settings a reload cannot change in a running process (the bound socket, the seen-TaskId set's size): kept, with a warning. */
const RESTART_ONLY: { key: string; of: (config: ExporterConfig) => unknown }[] = [
  { key: 'web.listenAddress', of: (config) => formatListenAddress(config.web.listenAddress) },
  { key: 'web.configFile', of: (config) => config.web.configFile },
  { key: 'collection.seenTaskIdsMax', of: (config) => config.collection.seenTaskIdsMax },
];

/** The first line of what went wrong: a ConfigError's message is already the one line to show. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * Wires config -> discovery -> api -> collector -> scheduler -> server and starts listening.
 * Everything the process owns is created here, on a registry of its own. What a reload replaces (API
 * client, discovery, scheduler) is built by the functions below from the configuration alone; what it
 * keeps (registry, counters, seen TaskIds, the Collection with its instance states, the server) once.
 */
export async function startExporter(
  config: ExporterConfig,
  deps: { logger: Logger; clock?: Clock; credential?: AcrClientDeps['credential'] },
): Promise<RunningExporter> {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges with a counter's _total suffix, which promtool rightly rejects;
  // the same values stay available as nodejs_active_handles, nodejs_active_requests, nodejs_active_resources.
  for (const misnamed of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(misnamed);
  const metrics = new ExporterMetrics(registry, { version: VERSION });
  const reloadMetrics = new ConfigReloadMetrics(registry, clock.now());

  // Kept across reloads, like the counters: a task's tags, once fetched, are never asked again.
  const failedTaskTags = new FailedTaskTags({ clock, logger });
  const collectionSettings = (current: ExporterConfig): CollectionSettings => {
    // The API counters live on the registry, so a client built on reload continues them.
    const client = createAcrClient({ regions: current.regions, api: current.api, paging: current.collection }, registry, {
      credential: deps.credential,
      clock,
      logger,
    });
    const shard = current.sharding;
    const discovery = new InstanceDiscovery({ regions: current.regions, discovery: current.discovery, shard, lister: client, clock });
    const inProgressStatuses = new Set(current.collection.inProgressStatuses);
    const lister = new IncrementalTaskLister(client, {
      listing: current.collection.listing,
      fullResyncIntervalMs: current.collection.fullResyncInterval,
      knownTasksMax: current.collection.knownTasksMax,
      mayChange: (task) => !isFinished(task, inProgressStatuses),
      clock,
      counter: taskListingCounter(registry),
    });
    const taskTags = { store: failedTaskTags, reader: client, budget: current.collection.taskResultBudget };
    return { discovery, lister, ruleLister: client, config: current.collection, shard, taskTags };
  };
  const rules = new SubscriptionRulesCache(config.collection, { clock, logger });
  const collection = new Collection({
    ...collectionSettings(config),
    metrics,
    completions: new CompletionTracker(config.collection.seenTaskIdsMax),
    prepare: snapshotPreparer(registry),
    rules,
    clock,
    logger,
  });
  const schedulerFor = (current: ExporterConfig): SnapshotSource => {
    const { mode, cacheTtl, scrapeTimeout, interval } = current.collection;
    return mode === 'scrape'
      ? new ScrapeScheduler(collection, { cacheTtlMs: cacheTtl, scrapeTimeoutMs: scrapeTimeout, clock, logger })
      : new IntervalScheduler(collection, { intervalMs: interval, readyGraceMs: scrapeTimeout, clock, logger });
  };
  const landingFor = (current: ExporterConfig): LandingPageInfo => ({
    version: VERSION,
    mode: current.collection.mode,
    regions: current.regions,
    shard: current.sharding,
    inProgressStatuses: current.collection.inProgressStatuses,
  });

  let running = config;
  let landing = landingFor(config);
  const snapshots = new ReloadableSnapshotSource(schedulerFor(config));
  const app = createApp({
    snapshots,
    renderer: new MetricsRenderer(registry, clock),
    landing: () => landing,
    logger,
    now: () => clock.now(),
  });
  // A bad web config file throws ConfigError here, before anything is started (exit 2).
  const webEndpoint =
    config.web.configFile === undefined
      ? undefined
      : await WebEndpoint.load(config.web.configFile, {
          onReloaded: (settings) => logger.info({ webConfigFile: config.web.configFile, tls: settings.tls !== undefined, users: settings.users.size }, 'web configuration reloaded'),
          onReloadFailed: (error) => logger.error({ webConfigFile: config.web.configFile, error }, 'web configuration reload failed; the running one is kept'),
        });
  const server = await listen(app, config.web.listenAddress, webEndpoint);
  webEndpoint?.watch();
  snapshots.start();
  logger.info({ url: server.url, mode: config.collection.mode, regions: config.regions.map((r) => r.id), shard: config.sharding }, 'listening');

  const reload = (load: () => ExporterConfig): boolean => {
    let applied: ExporterConfig;
    let settings: CollectionSettings;
    let scheduler: SnapshotSource;
    try {
      const next = load();
      for (const setting of RESTART_ONLY) {
        if (setting.of(next) === setting.of(running)) continue;
        logger.warn({ key: setting.key, running: setting.of(running), configured: setting.of(next) }, `${setting.key} changes only at a restart; keeping the running value`);
      }
      applied = {
        ...next,
        web: { ...next.web, listenAddress: running.web.listenAddress, configFile: running.web.configFile },
        collection: { ...next.collection, seenTaskIdsMax: running.collection.seenTaskIdsMax },
      };
      // Everything that could still fail is built before anything running is touched.
      settings = collectionSettings(applied);
      scheduler = schedulerFor(applied);
    } catch (error) {
      void webEndpoint?.reload();
      reloadMetrics.failed();
      logger.error({ error: oneLine(error) }, 'configuration reload failed; the running configuration is kept');
      return false;
    }
    const changed = (Object.keys(applied) as (keyof ExporterConfig)[]).filter((key) => JSON.stringify(applied[key]) !== JSON.stringify(running[key]));
    logger.level = applied.log.level;
    collection.reconfigure(settings);
    rules.reconfigure(applied.collection);
    snapshots.replace(scheduler);
    landing = landingFor(applied);
    running = applied;
    void webEndpoint?.reload();
    reloadMetrics.succeeded(clock.now());
    logger.info({ changed, regions: applied.regions.map((r) => r.id), mode: applied.collection.mode, shard: applied.sharding }, 'configuration reloaded');
    return true;
  };

  return {
    url: server.url,
    registry,
    snapshots,
    reload,
    close: async () => {
      // Scrapes waiting for a collection get the last snapshot now; then the server drains.
      webEndpoint?.unwatch();
      const schedulerClosed = snapshots.close();
      await server.close();
      // A collection in flight is not worth delaying the exit for: its results would not be served.
      await Promise.race([schedulerClosed, systemClock.sleep(COLLECTION_SHUTDOWN_GRACE_MS)]);
    },
  };
}
