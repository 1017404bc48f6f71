/**
 * Configuration files in test/config/fixtures: each *.ok.yml loads, each *.bad.yml fails with
 * exactly the message paired with it here (YACE's testdata/*.ok.yml / *.bad.yml habit).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load-config.js';
import { configErrorOf } from '../support/config-error.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Loads fixture `name` through --config, reading it from the fixtures folder. */
function loadFixture(name: string) {
  return loadConfig({ argv: ['--config', name], env: {}, readFile: (path) => readFileSync(new URL(path, FIXTURES), 'utf8') });
}


const BAD: Record<string, string> = {
  'alias-bomb.bad.yml': '--config: YAML error: aliases (*name) expand beyond 100 copies; expected a plain configuration (from file alias-bomb.bad.yml)',
  'backoff-order.bad.yml': 'api.retry.initialBackoff: 10s is longer than api.retry.maxBackoff (5s); expected at most that (from file backoff-order.bad.yml)',
  'bad-duration.bad.yml': 'collection.cacheTtl: "30 seconds" is not a duration; expected e.g. 30s, 5m, 1h (from file bad-duration.bad.yml)',
  'bad-listen-address.bad.yml':
    'web.listenAddress: "9742" is not HOST:PORT; expected e.g. :9742, 127.0.0.1:9742 or [::1]:9742 (from file bad-listen-address.bad.yml)',
  'bad-mode.bad.yml': 'collection.mode: "fast" is not allowed; expected scrape | interval (from file bad-mode.bad.yml)',
  'bad-protocol.bad.yml': 'regions[0].protocol: "HTTPS" is not allowed; expected http | https (from file bad-protocol.bad.yml)',
  'bad-regex.bad.yml':
    'discovery.includeNames[1]: "(unclosed" is not a valid regular expression (Unterminated group); expected e.g. ^cri- (from file bad-regex.bad.yml)',
  'bad-region-id.bad.yml': 'regions[1].id: "Shanghai" is not a region id; expected e.g. cn-hangzhou (from file bad-region-id.bad.yml)',
  'concurrency-not-integer.bad.yml': 'collection.concurrency: 2.5 is not an integer; expected an integer >= 1 (from file concurrency-not-integer.bad.yml)',
  'credential-key.bad.yml':
    'regions[0].accessKeySecret: unknown key; credentials never go in the config file: use the ALIBABA_CLOUD_* variables, a credentials file, ACK RRSA or an ECS RAM role (from file credential-key.bad.yml)',
  'duplicate-instance.bad.yml': 'regions[0].instances[2]: "cri-a" is repeated; expected each value once (from file duplicate-instance.bad.yml)',
  'duplicate-key.bad.yml': '--config: YAML syntax error at line 5, column 3: Map keys must be unique (from file duplicate-key.bad.yml)',
  'duplicate-region.bad.yml': 'regions[2].id: "cn-hangzhou" is repeated; expected each region once (once per roleArn for several accounts) (from file duplicate-region.bad.yml)',
  'duration-without-unit.bad.yml': 'collection.interval: 60 is not a duration; expected e.g. 30s, 5m, 1h (from file duration-without-unit.bad.yml)',
  'empty-instances.bad.yml': 'regions[0].instances: [] is not allowed; expected at least one value (from file empty-instances.bad.yml)',
  'endpoint-with-scheme.bad.yml':
    'regions[0].endpoint: "https://cr"…(35 chars) is not allowed; expected host[:port] without a scheme; set protocol: http | https for the scheme (from file endpoint-with-scheme.bad.yml)',
  'endpoint-with-userinfo.bad.yml':
    'regions[0].endpoint: "<redacted>"…(38 chars) is not allowed; expected host[:port] without credentials; credentials come from the ALIBABA_CLOUD_* chain (from file endpoint-with-userinfo.bad.yml)',
  'listen-address-bad-octet.bad.yml':
    'web.listenAddress: "999.999.999.999:9742" has a host that is not an IPv4 address (four numbers 0-255); expected e.g. :9742, 127.0.0.1:9742 or [::1]:9742 (from file listen-address-bad-octet.bad.yml)',
  'lowercase-status.bad.yml':
    'discovery.instanceStatuses[0]: "running" is not allowed; expected an upper-case status such as RUNNING (from file lowercase-status.bad.yml)',
  'missing-region-id.bad.yml': 'regions[0].id: missing; expected a region id such as cn-hangzhou (from file missing-region-id.bad.yml)',
  'no-regions.bad.yml': 'regions: no region configured; expected at least one (regions in the file, ACR_REGIONS or --region) (from file no-regions.bad.yml)',
  'no-proxy-bad-cidr.bad.yml':
    'api.noProxy[1]: "10.0.0.0/33" is not a CIDR block such as 10.0.0.0/8; expected e.g. .example.com, 10.0.0.0/8 or * (from file no-proxy-bad-cidr.bad.yml)',
  'page-size-too-big.bad.yml': 'collection.pageSize: 500 is out of range; expected an integer from 1 to 100 (from file page-size-too-big.bad.yml)',
  'proxy-socks.bad.yml':
    'api.proxy: "socks5://<"…(39 chars) has the scheme socks5, which is not supported; expected http://[user:password@]host[:port] (from file proxy-socks.bad.yml)',
  'rate-too-low.bad.yml': 'api.requestsPerSecond: 1e-7 is out of range; expected a number >= 0.01 (from file rate-too-low.bad.yml)',
  'region-as-string.bad.yml': 'regions[0]: "cn-hangzhou" is not allowed; expected a mapping of keys (from file region-as-string.bad.yml)',
  'regions-not-a-list.bad.yml': 'regions: "cn-hangzhou" is not allowed; expected a list (from file regions-not-a-list.bad.yml)',
  'section-not-mapping.bad.yml': 'api: "fast" is not allowed; expected a mapping of keys (from file section-not-mapping.bad.yml)',
  'secret-log-level.bad.yml': 'log.level: "Zq8vN2xW7k"…(30 chars) is not allowed; expected debug | info | warn | error (from file secret-log-level.bad.yml)',
  'shard-out-of-range.bad.yml': 'sharding.shard: 3 is out of range; expected 0 to 2 (sharding.totalShards is 3) (from file shard-out-of-range.bad.yml)',
  'statuses-not-a-list.bad.yml': 'collection.inProgressStatuses: "RUNNING" is not allowed; expected a list (from file statuses-not-a-list.bad.yml)',
  'syntax-error.bad.yml': '--config: YAML syntax error at line 4, column 9: Nested mappings are not allowed in compact mappings (from file syntax-error.bad.yml)',
  'too-long-duration.bad.yml': 'discovery.refreshInterval: "30d" is not allowed; expected a duration of at most 24d (from file too-long-duration.bad.yml)',
  'too-deep.bad.yml': '--config: YAML too complex for a configuration: more than 16 levels of nesting at line 3 (from file too-deep.bad.yml)',
  'top-level-list.bad.yml': '(top level): a list of 1 value is not allowed; expected a mapping of keys such as regions: (from file top-level-list.bad.yml)',
  'unknown-key.bad.yml': 'collection.cacheTTL: unknown key (did you mean cacheTtl?) (from file unknown-key.bad.yml)',
  'undefined-alias.bad.yml': '--config: YAML error: alias *instances is not defined; expected an anchor &instances before it (from file undefined-alias.bad.yml)',
  'unknown-top-level-key.bad.yml': 'colection: unknown key (did you mean collection?) (from file unknown-top-level-key.bad.yml)',
  'zero-scrape-timeout.bad.yml': 'collection.scrapeTimeout: "0s" is not allowed; expected a duration > 0, e.g. 10s (from file zero-scrape-timeout.bad.yml)',
};

const fixtureNames = readdirSync(FIXTURES).sort();

describe('configuration fixtures', () => {
  it('pairs every *.bad.yml with an expected message, and every message with a file', () => {
    const badFiles = fixtureNames.filter((name) => name.endsWith('.bad.yml'));

    expect(badFiles).toEqual(Object.keys(BAD).sort());
  });

  it.each(fixtureNames.filter((name) => name.endsWith('.ok.yml')))('%s loads', (name) => {
    const { config } = loadFixture(name);

    expect(config.regions.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(BAD))('%s fails with its message', (name, message) => {
    const error = configErrorOf(() => loadFixture(name));

    expect(error.message).toBe(message);
  });

  it('never echoes a credential found in the file', () => {
    const messages = ['credential-key.bad.yml', 'endpoint-with-userinfo.bad.yml', 'proxy-socks.bad.yml'].map((name) => configErrorOf(() => loadFixture(name)).message);

    expect(messages.join('\n')).not.toMatch(/hunter2|do-not-print-me|LTAIexample/);
  });

  it('reads every key of full.ok.yml into ExporterConfig', () => {
    const FULL_PROXY = { host: 'proxy.internal', port: 3128, authorization: `Basic ${Buffer.from('exporter:s3cret').toString('base64')}`, url: 'http://proxy.internal:3128' };
    const { config } = loadFixture('full.ok.yml');

    expect(config).toEqual({
      regions: [
        { id: 'cn-hangzhou', endpoint: 'cr-vpc.cn-hangzhou.aliyuncs.com', protocol: 'https', instances: ['cri-aaaa1111', 'cri-bbbb2222'] },
        { id: 'cn-shanghai', endpoint: '127.0.0.1:8080', protocol: 'http', instances: undefined },
        {
          id: 'cn-hangzhou',
          endpoint: 'cr.cn-hangzhou.aliyuncs.com',
          protocol: 'https',
          instances: undefined,
          role: { arn: 'acs:ram::1234567890123456:role/acr-reader', sessionName: 'exporter-prod', externalId: 'ext-42', durationSeconds: 1800 },
        },
      ],
      discovery: {
        refreshInterval: 1_800_000,
        instanceStatuses: ['RUNNING', 'STARTING'],
        includeIds: ['^cri-'],
        excludeIds: ['-test$'],
        includeNames: ['^prod-[a-z]{2,8}$'],
        excludeNames: ['sandbox'],
      },
      collection: {
        mode: 'interval',
        cacheTtl: 0,
        interval: 120_000,
        scrapeTimeout: 5_000,
        concurrency: 8,
        pageSize: 50,
        maxPages: 200,
        inProgressStatuses: ['RUNNING', 'PENDING'],
        seenTaskIdsMax: 5000,
        keepStaleData: 5_400_000,
        rulesInterval: 1_800_000,
        taskResultBudget: 5,
        listing: 'full',
        fullResyncInterval: 1_800_000,
        knownTasksMax: 100_000,
      },
      api: {
        connectTimeout: 2_000,
        readTimeout: 20_000,
        requestsPerSecond: 2.5,
        burst: 5,
        adaptive: true,
        maxConcurrentRequests: 2,
        proxy: 'http://exporter:s3cret@proxy.internal:3128',
        noProxy: ['.internal', '10.0.0.0/8'],
        proxyRoutes: { https: FULL_PROXY, http: FULL_PROXY, noProxy: expect.objectContaining({ entries: ['.internal', '10.0.0.0/8'] }), fromEnv: [] },
        stsEndpoint: 'sts-vpc.cn-hangzhou.aliyuncs.com',
        retry: { maxAttempts: 6, initialBackoff: 100, maxBackoff: 10_000, maxElapsed: 60_000 },
      },
      web: { listenAddress: { host: '127.0.0.1', port: 9999 } },
      log: { level: 'debug' },
      sharding: { index: 2, total: 3 },
    });
  });

  it('gives a key without a value (empty-values.ok.yml) its default', () => {
    const { config } = loadFixture('empty-values.ok.yml');

    expect(config.collection.cacheTtl).toBe(30_000);
    expect(config.discovery.refreshInterval).toBe(600_000);
    expect(config.sharding).toEqual({ index: 0, total: 1 });
  });
});
