/**
 * Names for the parts of the configuration, all taken from the schema's output (ExporterConfig in
 * src/config/schema.ts): nothing here is written by hand, so a key added to the schema is here too.
 */
import type { ExporterConfig } from './schema.js';

export type { ExporterConfig } from './schema.js';
export type { ListenAddress } from './listen-address.js';
export type { Milliseconds } from './duration.js';

export type RegionConfig = ExporterConfig['regions'][number];
export type DiscoveryConfig = ExporterConfig['discovery'];
export type CollectionConfig = ExporterConfig['collection'];
export type ApiConfig = ExporterConfig['api'];
export type RetryConfig = ApiConfig['retry'];
export type WebConfig = ExporterConfig['web'];
export type LogLevel = ExporterConfig['log']['level'];
export type Protocol = RegionConfig['protocol'];
export type CollectionMode = CollectionConfig['mode'];
