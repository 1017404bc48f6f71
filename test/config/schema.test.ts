import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { formatConfig } from '../../src/config/format-config.js';
import { envNameOf, flagNameOf } from '../../src/config/key-names.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseFlags } from '../../src/config/parse-flags.js';
import { readEnv } from '../../src/config/read-env.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';

const settable = CONFIG_KEYS.filter((key) => !key.path.startsWith('regions[]'));

/** Dotted paths of the leaves of a mapping; lists are leaves. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, prefix === '' ? key : `${prefix}.${key}`));
}

describe('CONFIG_KEYS', () => {
  it('lists every key of the file, as --check-config prints it, and no other', () => {
    const printed = parse(formatConfig(loadConfig({ argv: ['--region', 'cn-hangzhou', '--total-shards', '2', '--shard', '1'], env: {} }).config));
    const printedPaths = [...leafPaths({ ...printed, regions: undefined }).filter((path) => path !== 'regions'), 'regions'];
    const regionPaths = leafPaths(printed.regions[0]).map((path) => `regions[].${path}`);

    // Optional keys without a default are not printed when unset.
    const unsetOptional = ['regions[].instances', 'web.configFile', 'api.proxy', 'api.noProxy'];
    expect(CONFIG_KEYS.map((key) => key.path).sort()).toEqual([...printedPaths, ...regionPaths, ...unsetOptional].sort());
  });

  it('gives every key outside regions[] an env var and a flag spelled from its path', () => {
    for (const key of settable) {
      expect({ path: key.path, env: key.env, flag: key.flag }).toEqual({ path: key.path, env: envNameOf(key.path), flag: flagNameOf(key.path) });
    }
  });

  it('maps each env var and flag back to its own key (round trip)', () => {
    for (const key of settable) {
      const text = key.default === '' || key.default.includes('POD_NAME') ? '1' : key.default;
      const fromEnv = readEnv({ [key.env ?? '']: text }).settings.map((setting) => setting.path);
      const fromFlags = [key.flag ?? '', ...key.flagAliases].map((flag) => parseFlags([`${flag}=${text}`]).settings.map((setting) => setting.path));

      expect({ key: key.path, fromEnv, fromFlags }).toEqual({ key: key.path, fromEnv: [key.path], fromFlags: fromFlags.map(() => [key.path]) });
    }
  });

  it('has no name twice', () => {
    const names = settable.flatMap((key) => [key.env, key.flag, ...key.flagAliases]);

    expect(new Set(names).size).toBe(names.length);
  });

  it('documents every key', () => {
    const undocumented = CONFIG_KEYS.filter((key) => key.description.length < 10).map((key) => key.path);

    expect(undocumented).toEqual([]);
  });

  it('shows the defaults the loader really applies: setting each default explicitly changes nothing', () => {
    const base = loadConfig({ argv: ['--region', 'cn-hangzhou'], env: {} }).config;
    const withDefaults = settable.filter((key) => key.kind !== 'regions' && key.path !== 'sharding.shard');
    const env = Object.fromEntries(withDefaults.map((key) => [key.env ?? '', key.default]));

    expect(loadConfig({ argv: ['--region', 'cn-hangzhou'], env }).config).toEqual(base);
  });

  it('states the documented defaults of the issue', () => {
    const defaults = Object.fromEntries(CONFIG_KEYS.map((key) => [key.path, key.default]));

    expect(defaults).toMatchObject({
      'discovery.refreshInterval': '10m',
      'discovery.instanceStatuses': 'RUNNING',
      'collection.mode': 'scrape',
      'collection.cacheTtl': '30s',
      'collection.interval': '60s',
      'collection.scrapeTimeout': '10s',
      'collection.concurrency': '4',
      'collection.pageSize': '100',
      'collection.maxPages': '1000',
      'collection.inProgressStatuses': 'RUNNING,PENDING,WAITING,QUEUED',
      'collection.seenTaskIdsMax': '200000',
      'collection.keepStaleData': '15m',
      'collection.rulesInterval': '10m',
      'api.connectTimeout': '5s',
      'api.readTimeout': '10s',
      'api.requestsPerSecond': '10',
      'api.burst': '10',
      'api.maxConcurrentRequests': '4',
      'api.retry.maxAttempts': '4',
      'api.retry.initialBackoff': '200ms',
      'api.retry.maxBackoff': '5s',
      'api.retry.maxElapsed': '20s',
      'web.listenAddress': ':9742',
      'log.level': 'info',
      'sharding.totalShards': '1',
      'regions[].endpoint': 'cr.<id>.aliyuncs.com',
      'regions[].protocol': 'https',
    });
  });

  it('rejects the values the API components take unchecked: they rely on these bounds', () => {
    const rejected = {
      ACR_COLLECTION_PAGE_SIZE: '101',
      ACR_COLLECTION_MAX_PAGES: '0',
      ACR_API_REQUESTS_PER_SECOND: '0',
      ACR_API_BURST: '0',
      ACR_API_MAX_CONCURRENT_REQUESTS: '0',
      ACR_API_RETRY_MAX_ATTEMPTS: '0',
      ACR_API_RETRY_INITIAL_BACKOFF: '0s',
      ACR_API_RETRY_MAX_ELAPSED: '0s',
      ACR_COLLECTION_SEEN_TASK_IDS_MAX: '0',
    };

    const messages = Object.entries(rejected).map(([name, value]) => {
      try {
        loadConfig({ argv: ['--region', 'cn-hangzhou'], env: { [name]: value } });
        return `${name}=${value} accepted`;
      } catch (error) {
        return (error as Error).message.endsWith(`(from env ${name})`) ? 'rejected' : (error as Error).message;
      }
    });

    expect(messages).toEqual(Object.keys(rejected).map(() => 'rejected'));
  });
});
