/**
 * The validated file shape -> ExporterConfig (src/config/types.ts), the shape every other module
 * reads: durations renamed with their unit (cacheTtl -> cacheTtlMs), region endpoints filled in.
 */
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import type { ConfigFile } from './schema.js';
import type { ExporterConfig, RegionConfig } from './types.js';

/** The public endpoint of a region, used when the region sets none. */
export function defaultEndpointOf(regionId: string): string {
  return `cr.${regionId}.aliyuncs.com`;
}

/** @param shard the resolved shard (see resolve-shard.ts). */
export function toExporterConfig(file: ConfigFile, shard: number): ExporterConfig {
  const { discovery, collection, api, web, log, sharding } = file;
  return {
    regions: file.regions.map(
      (region): RegionConfig => ({
        id: region.id,
        endpoint: region.endpoint ?? defaultEndpointOf(region.id),
        protocol: region.protocol,
        instances: region.instances,
      }),
    ),
    discovery: {
      refreshIntervalMs: discovery.refreshInterval,
      instanceStatuses: discovery.instanceStatuses,
      includeIds: discovery.includeIds,
      excludeIds: discovery.excludeIds,
      includeNames: discovery.includeNames,
      excludeNames: discovery.excludeNames,
    },
    collection: {
      mode: collection.mode,
      cacheTtlMs: collection.cacheTtl,
      intervalMs: collection.interval,
      scrapeTimeoutMs: collection.scrapeTimeout,
      concurrency: collection.concurrency,
      pageSize: collection.pageSize,
      maxPages: collection.maxPages,
      inProgressStatuses: collection.inProgressStatuses,
      seenTaskIdsMax: collection.seenTaskIdsMax,
      keepStaleDataMs: collection.keepStaleData,
    },
    api: {
      connectTimeoutMs: api.connectTimeout,
      readTimeoutMs: api.readTimeout,
      requestsPerSecond: api.requestsPerSecond,
      burst: api.burst,
      maxConcurrentRequests: api.maxConcurrentRequests,
      retry: {
        maxAttempts: api.retry.maxAttempts,
        initialBackoffMs: api.retry.initialBackoff,
        maxBackoffMs: api.retry.maxBackoff,
        maxElapsedMs: api.retry.maxElapsed,
      },
    },
    web: { listenAddress: web.listenAddress, listen: listenAddressOf(web.listenAddress), configFile: web.configFile },
    log: { level: log.level },
    sharding: { shard, totalShards: sharding.totalShards },
  };
}

/** The schema accepted the address, so it parses. */
function listenAddressOf(text: string): ListenAddress {
  const parsed = parseListenAddress(text);
  if (!parsed.ok) throw new Error(`to-exporter-config: validated listen address ${JSON.stringify(text)} ${parsed.problem}`);
  return parsed.address;
}
