/**
 * How a key path of the YAML file is spelled as an environment variable and as a flag:
 * collection.cacheTtl -> ACR_COLLECTION_CACHE_TTL and --collection.cache-ttl.
 * The reverse direction is a lookup in CONFIG_KEYS (UPPER_SNAKE loses the dots).
 */

/** Every environment variable of the exporter starts with this. */
export const ENV_PREFIX = 'ACR_';

/** Keys whose flag is not the generic spelling: `--region cn-hangzhou` reads better than `--regions`. */
const FLAG_NAME_OVERRIDES: Readonly<Record<string, string>> = { regions: '--region' };

/** Short spellings accepted besides the key's flag (Prometheus exporters' usual names). */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
  '--shard': 'sharding.shard',
  '--total-shards': 'sharding.totalShards',
  '--web.config.file': 'web.configFile', // exporter-toolkit's flag
};

const camelBoundary = /([a-z0-9])([A-Z])/g;

/** collection.cacheTtl -> ACR_COLLECTION_CACHE_TTL */
export function envNameOf(path: string): string {
  return ENV_PREFIX + path.replace(camelBoundary, '$1_$2').replaceAll('.', '_').toUpperCase();
}

/** collection.cacheTtl -> --collection.cache-ttl */
export function flagNameOf(path: string): string {
  return FLAG_NAME_OVERRIDES[path] ?? `--${path.replace(camelBoundary, '$1-$2').toLowerCase()}`;
}
