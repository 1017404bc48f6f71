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

/** Region keys printed only for an entry with a roleArn. */
const ROLE_KEYS = ['regions[].roleArn', 'regions[].roleSessionName', 'regions[].externalId', 'regions[].durationSeconds'];

describe('CONFIG_KEYS', () => {
  it('lists every key of the file, as --check-config prints it, and no other', () => {
    const printed = parse(formatConfig(loadConfig({ argv: ['--region', 'cn-hangzhou', '--total-shards', '2', '--shard', '1'], env: {} }).config));
    const printedPaths = [...leafPaths({ ...printed, regions: undefined }).filter((path) => path !== 'regions'), 'regions'];
    const regionPaths = leafPaths(printed.regions[0]).map((path) => `regions[].${path}`);

    // Optional keys without a default are not printed when unset.
    const unsetOptional = ['regions[].instances', 'web.configFile', 'api.proxy', 'api.noProxy'];
    expect(CONFIG_KEYS.map((key) => key.path).sort()).toEqual([...printedPaths, ...regionPaths, ...unsetOptional, ...ROLE_KEYS].sort());
  });

  it('prints a region entry with a role with every role key, and the printout loads back to the same configuration', () => {
    const { config } = loadYaml('regions:\n  - id: cn-hangzhou\n    roleArn: acs:ram::1234567890123456:role/reader\n');
    const printed = formatConfig(config);

    expect(leafPaths(parse(printed).regions[0]).sort()).toEqual(['durationSeconds', 'endpoint', 'id', 'protocol', 'roleArn', 'roleSessionName']);
    expect(loadYaml(printed).config).toEqual(config);
  });
});

/** loadConfig of a file holding `yaml`. */
function loadYaml(yaml: string) {
  return loadConfig({ argv: ['--config', '/etc/acr/config.yml'], env: {}, readFile: () => yaml });
}

function messageOf(action: () => unknown): string {
  try {
    action();
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

const ARN_A = 'acs:ram::1111111111111111:role/reader';
const ARN_B = 'acs:ram::2222222222222222:role/reader';

describe('region entries with a roleArn', () => {
  it('fills in the role: account id from the ARN, session name and duration defaults', () => {
    const { config } = loadYaml(`regions:\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n  - id: cn-shanghai\n`);

    expect(config.regions[0]?.role).toEqual({ arn: ARN_A, sessionName: 'acr-subscription-exporter', externalId: undefined, durationSeconds: 3600 });
    expect(config.regions[1]?.role).toBeUndefined();
    expect(config.api.stsEndpoint).toBe('sts.aliyuncs.com');
  });

  it('allows a region once per roleArn (and once without)', () => {
    const { config } = loadYaml(`regions:\n  - id: cn-hangzhou\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n  - id: cn-hangzhou\n    roleArn: ${ARN_B}\n`);

    expect(config.regions.map((region) => region.role?.arn)).toEqual([undefined, ARN_A, ARN_B]);
  });

  it('refuses a region repeated with the same roleArn, naming the repeat', () => {
    expect(messageOf(() => loadYaml(`regions:\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n`))).toBe(
      'regions[1].id: "cn-hangzhou" is repeated with the same roleArn; expected each region once per roleArn (from file /etc/acr/config.yml)',
    );
  });

  it.each([
    ['acs:ram::12ab:role/reader'],
    ['acs:ram:cn-hangzhou:1234:role/reader'],
    ['acs:ram::1234:user/reader'],
    ['acs:ram::1234:role/'],
    ['arn:aws:iam::1234:role/reader'],
  ])('refuses the roleArn %s in one line naming the expected form', (arn) => {
    const message = messageOf(() => loadYaml(`regions:\n  - id: cn-hangzhou\n    roleArn: "${arn}"\n`));

    expect(message).toMatch(/^regions\[0\]\.roleArn: ".*"(…\(\d+ chars\))? is not allowed; expected a RAM role ARN such as acs:ram::1234567890123456:role\/acr-exporter \(from file \/etc\/acr\/config\.yml\)$/);
  });

  it.each([
    [899, 'out of range'],
    [43_201, 'out of range'],
    ['1h', 'not an integer'],
  ])('refuses durationSeconds %s (%s): STS accepts 900 to 43200', (value, problem) => {
    const message = messageOf(() => loadYaml(`regions:\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n    durationSeconds: ${value}\n`));

    expect(message).toBe(`regions[0].durationSeconds: ${typeof value === 'string' ? `"${value}"` : value} is ${problem}; expected an integer from 900 to 43200 (from file /etc/acr/config.yml)`);
  });

  it('accepts durationSeconds at both bounds, a session name and an external id', () => {
    const yaml = (duration: number) =>
      `regions:\n  - id: cn-hangzhou\n    roleArn: ${ARN_A}\n    durationSeconds: ${duration}\n    roleSessionName: exporter@prod\n    externalId: abc-123\n`;

    expect(loadYaml(yaml(900)).config.regions[0]?.role).toMatchObject({ durationSeconds: 900, sessionName: 'exporter@prod', externalId: 'abc-123' });
    expect(loadYaml(yaml(43_200)).config.regions[0]?.role?.durationSeconds).toBe(43_200);
  });

  it('refuses a role key without roleArn', () => {
    expect(messageOf(() => loadYaml('regions:\n  - id: cn-hangzhou\n    durationSeconds: 1800\n'))).toBe(
      'regions[0].durationSeconds: 1800 is set without roleArn; expected it only with roleArn (from file /etc/acr/config.yml)',
    );
  });

  it('takes api.stsEndpoint as host[:port] from the file, env and flags, never with a scheme', () => {
    expect(loadYaml('regions:\n  - id: cn-hangzhou\napi:\n  stsEndpoint: 127.0.0.1:8443\n').config.api.stsEndpoint).toBe('127.0.0.1:8443');
    expect(loadConfig({ argv: ['--region', 'cn-hangzhou'], env: { ACR_API_STS_ENDPOINT: 'sts-vpc.cn-hangzhou.aliyuncs.com' } }).config.api.stsEndpoint).toBe(
      'sts-vpc.cn-hangzhou.aliyuncs.com',
    );
    expect(messageOf(() => loadConfig({ argv: ['--region', 'cn-hangzhou', '--api.sts-endpoint=https://sts.aliyuncs.com'], env: {} }))).toMatch(
      /^api\.stsEndpoint: .* is not allowed; expected host\[:port\] without a scheme; it is always reached over HTTPS \(from flag --api\.sts-endpoint\)$/,
    );
    // A bare word is a slip (a value meant for another key), not an STS endpoint.
    expect(messageOf(() => loadConfig({ argv: ['--region', 'cn-hangzhou'], env: { ACR_API_STS_ENDPOINT: 'true' } }))).toBe(
      'api.stsEndpoint: "true" is not allowed; expected host[:port], e.g. sts-vpc.cn-hangzhou.aliyuncs.com or 127.0.0.1:8443 (from env ACR_API_STS_ENDPOINT)',
    );
  });
});

describe('CONFIG_KEYS (continued)', () => {
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
