/**
 * The validated, merged configuration (defaults < file < env < flags), as every other module
 * sees it. Durations are milliseconds. The schema, defaults and documentation of each key live in
 * src/config/schema.ts; this file is only the shape.
 */

import type { ListenAddress } from './listen-address.js';

export type { ListenAddress } from './listen-address.js';

export type Protocol = 'http' | 'https';
export type CollectionMode = 'scrape' | 'interval';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RegionConfig {
  /** Region id, e.g. cn-hangzhou. */
  id: string;
  /** host[:port]; default cr.<id>.aliyuncs.com. */
  endpoint: string;
  protocol: Protocol;
  /** Static instance ids; undefined means discovery with ListInstance. */
  instances: string[] | undefined;
}

export interface DiscoveryConfig {
  /** How often ListInstance is called again per region. */
  refreshIntervalMs: number;
  /** InstanceStatus values that are collected (default RUNNING). */
  instanceStatuses: string[];
  /** Regular expressions (sources): an instance is kept when it matches any (empty list: all). */
  includeIds: string[];
  excludeIds: string[];
  includeNames: string[];
  excludeNames: string[];
}

export interface CollectionConfig {
  mode: CollectionMode;
  cacheTtlMs: number;
  intervalMs: number;
  scrapeTimeoutMs: number;
  /** Instances collected at once. */
  concurrency: number;
  /** PageSize sent to the list actions (1..100). */
  pageSize: number;
  /** Hard upper bound on pages per listing, so a lying TotalCount cannot loop forever. */
  maxPages: number;
  /** TaskStatus values that mean "in progress". */
  inProgressStatuses: string[];
  /** Bound of the LRU of finished TaskIds already counted (per process). */
  seenTaskIdsMax: number;
  /** How long a failing instance keeps serving its last good task data before its series are dropped. */
  keepStaleDataMs: number;
}

export interface RetryConfig {
  /** Attempts per call, including the first. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Bound on the total time a call with its retries may take. */
  maxElapsedMs: number;
}

export interface ApiConfig {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Requests per second shared by every call of the process. */
  requestsPerSecond: number;
  /** Token bucket size (requests that may go at once after a quiet period). */
  burst: number;
  /** Calls in flight at once, process-wide. */
  maxConcurrentRequests: number;
  retry: RetryConfig;
}

export interface WebConfig {
  /** HOST:PORT the HTTP server listens on, as configured. */
  listenAddress: string;
  /** listenAddress parsed, as validation checked it: bind this. */
  listen: ListenAddress;
  /** exporter-toolkit web configuration file (src/server/web-config.ts); undefined: plain HTTP, no auth. */
  configFile?: string | undefined;
}

export interface ShardingConfig {
  /** This exporter's shard, 0..totalShards-1. undefined with totalShards > 1: from POD_NAME's ordinal. */
  shard: number | undefined;
  totalShards: number;
}

export interface ExporterConfig {
  regions: RegionConfig[];
  discovery: DiscoveryConfig;
  collection: CollectionConfig;
  api: ApiConfig;
  web: WebConfig;
  log: { level: LogLevel };
  sharding: ShardingConfig;
}
