import { describe, expect, it } from '@jest/globals';
import { envNameOf, flagNameOf } from '../../src/config/key-names.js';

describe('key names', () => {
  it.each([
    ['collection.cacheTtl', 'ACR_COLLECTION_CACHE_TTL', '--collection.cache-ttl'],
    ['sharding.totalShards', 'ACR_SHARDING_TOTAL_SHARDS', '--sharding.total-shards'],
    ['api.retry.maxAttempts', 'ACR_API_RETRY_MAX_ATTEMPTS', '--api.retry.max-attempts'],
    ['web.listenAddress', 'ACR_WEB_LISTEN_ADDRESS', '--web.listen-address'],
    ['log.level', 'ACR_LOG_LEVEL', '--log.level'],
    ['regions', 'ACR_REGIONS', '--region'],
  ])('spells %s as %s and %s', (path, env, flag) => {
    expect([envNameOf(path), flagNameOf(path)]).toEqual([env, flag]);
  });
});
