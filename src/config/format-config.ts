/**
 * The merged configuration as YAML, for --check-config: the file's keys and units ("30s", not
 * 30000), so the output can be read by a person and loaded again as a config file. The
 * configuration holds no secrets (credentials come from @alicloud/credentials), but every string
 * is still passed through redactUserinfo in case one was pasted into an endpoint.
 */
import { stringify } from 'yaml';
import { formatDuration } from './duration.js';
import { redactUserinfoIn } from './redact-userinfo.js';
import type { ExporterConfig } from './types.js';

const HEADER = '# acr-subscription-exporter configuration: defaults < file < env < flags, validated\n';

export function formatConfig(config: ExporterConfig): string {
  const { discovery, collection, api, web, log, sharding } = config;
  const fileShape = {
    regions: config.regions.map((region) => ({
      id: region.id,
      endpoint: region.endpoint,
      protocol: region.protocol,
      ...(region.instances === undefined ? {} : { instances: region.instances }),
    })),
    discovery: {
      refreshInterval: formatDuration(discovery.refreshIntervalMs),
      instanceStatuses: discovery.instanceStatuses,
      includeIds: discovery.includeIds,
      excludeIds: discovery.excludeIds,
      includeNames: discovery.includeNames,
      excludeNames: discovery.excludeNames,
    },
    collection: {
      mode: collection.mode,
      cacheTtl: formatDuration(collection.cacheTtlMs),
      interval: formatDuration(collection.intervalMs),
      scrapeTimeout: formatDuration(collection.scrapeTimeoutMs),
      concurrency: collection.concurrency,
      pageSize: collection.pageSize,
      maxPages: collection.maxPages,
      inProgressStatuses: collection.inProgressStatuses,
      seenTaskIdsMax: collection.seenTaskIdsMax,
      keepStaleData: formatDuration(collection.keepStaleDataMs),
    },
    api: {
      connectTimeout: formatDuration(api.connectTimeoutMs),
      readTimeout: formatDuration(api.readTimeoutMs),
      requestsPerSecond: api.requestsPerSecond,
      burst: api.burst,
      maxConcurrentRequests: api.maxConcurrentRequests,
      retry: {
        maxAttempts: api.retry.maxAttempts,
        initialBackoff: formatDuration(api.retry.initialBackoffMs),
        maxBackoff: formatDuration(api.retry.maxBackoffMs),
        maxElapsed: formatDuration(api.retry.maxElapsedMs),
      },
    },
    web: { listenAddress: web.listenAddress },
    log: { level: log.level },
    sharding: { ...(sharding.shard === undefined ? {} : { shard: sharding.shard }), totalShards: sharding.totalShards },
  };
  return HEADER + stringify(redactUserinfoIn(fileShape));
}
