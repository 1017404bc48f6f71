import { describe, expect, it } from '@jest/globals';
import { loadConfig, type LoadConfigInput } from '../../src/config/load-config.js';
import { configErrorOf } from '../support/config-error.js';

const FILE = `
regions:
  - id: cn-hangzhou
    instances: [cri-file]
collection:
  cacheTtl: 1m
  concurrency: 2
  mode: interval
log:
  level: warn
`;

/** loadConfig with the config file above available as "config.yml" and no other file. */
function load(argv: string[], env: Record<string, string | undefined> = {}) {
  const readFile = (path: string): string => {
    if (path === 'config.yml') return FILE;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
  const input: LoadConfigInput = { argv, env, readFile };
  return loadConfig(input);
}

function messageOf(load: () => unknown): string {
  return configErrorOf(load).message;
}

describe('loadConfig precedence: defaults < file < env < flags', () => {
  it('takes a key set in the file, env and a flag from the flag', () => {
    const { config } = load(['--config', 'config.yml', '--collection.cache-ttl=5s'], { ACR_COLLECTION_CACHE_TTL: '20s' });

    expect(config.collection.cacheTtl).toBe(5_000);
  });

  it('takes a key set in the file and env from env', () => {
    const { config } = load(['--config', 'config.yml'], { ACR_COLLECTION_CACHE_TTL: '20s' });

    expect(config.collection.cacheTtl).toBe(20_000);
  });

  it('keeps the file value where neither env nor flags set the key, and defaults elsewhere', () => {
    const { config } = load(['--config', 'config.yml', '--collection.cache-ttl', '5s'], { ACR_COLLECTION_CACHE_TTL: '20s' });

    expect([config.collection.concurrency, config.collection.mode, config.log.level, config.collection.scrapeTimeout]).toEqual([
      2,
      'interval',
      'warn',
      10_000,
    ]);
  });

  it('replaces the file regions with ACR_REGIONS, and those with --region', () => {
    const fromEnv = load(['--config', 'config.yml'], { ACR_REGIONS: 'cn-shanghai, cn-beijing' }).config.regions;
    const fromFlags = load(['--config', 'config.yml', '--region', 'eu-central-1', '--region=ap-southeast-1'], { ACR_REGIONS: 'cn-shanghai' }).config
      .regions;

    expect(fromEnv).toEqual([
      { id: 'cn-shanghai', endpoint: 'cr.cn-shanghai.aliyuncs.com', protocol: 'https', instances: undefined },
      { id: 'cn-beijing', endpoint: 'cr.cn-beijing.aliyuncs.com', protocol: 'https', instances: undefined },
    ]);
    expect(fromFlags.map((region) => region.id)).toEqual(['eu-central-1', 'ap-southeast-1']);
  });

  it('names where a bad value came from: flag over env over file', () => {
    const messages = [
      messageOf(() => load(['--config', 'config.yml', '--collection.mode=fast'], { ACR_COLLECTION_MODE: 'slow' })),
      messageOf(() => load(['--config', 'config.yml'], { ACR_COLLECTION_MODE: 'slow' })),
      messageOf(() => load(['--config', 'config.yml', '--log.level=trace'])),
    ];

    expect(messages).toEqual([
      'collection.mode: "fast" is not allowed; expected scrape | interval (from flag --collection.mode)',
      'collection.mode: "slow" is not allowed; expected scrape | interval (from env ACR_COLLECTION_MODE)',
      'log.level: "trace" is not allowed; expected debug | info | warn | error (from flag --log.level)',
    ]);
  });

  it('reads numbers and lists from env text', () => {
    const { config } = load(['--region', 'cn-hangzhou'], {
      ACR_COLLECTION_CONCURRENCY: '16',
      ACR_API_REQUESTS_PER_SECOND: '0.5',
      ACR_DISCOVERY_INCLUDE_IDS: '^cri-a,^cri-[a-z]{2,4}$',
      ACR_COLLECTION_IN_PROGRESS_STATUSES: 'RUNNING, QUEUED',
    });

    expect([config.collection.concurrency, config.api.requestsPerSecond, config.discovery.includeIds, config.collection.inProgressStatuses]).toEqual([
      16,
      0.5,
      ['^cri-a', '^cri-[a-z]{2,4}$'],
      ['RUNNING', 'QUEUED'],
    ]);
  });

  it('clears a list of the file with an empty flag value', () => {
    const { config } = load(['--region', 'cn-hangzhou', '--discovery.exclude-ids='], { ACR_DISCOVERY_EXCLUDE_IDS: '^cri-test' });

    expect(config.discovery.excludeIds).toEqual([]);
  });

  it('treats an empty env var as unset', () => {
    const { config } = load(['--region', 'cn-hangzhou'], { ACR_COLLECTION_MODE: '', ACR_LOG_LEVEL: undefined });

    expect([config.collection.mode, config.log.level]).toEqual(['scrape', 'info']);
  });

  it('rejects a bad number from env with the text as typed', () => {
    expect(messageOf(() => load(['--region', 'cn-hangzhou'], { ACR_COLLECTION_PAGE_SIZE: 'lots' }))).toBe(
      'collection.pageSize: "lots" is not an integer; expected an integer from 1 to 100 (from env ACR_COLLECTION_PAGE_SIZE)',
    );
  });
});

describe('loadConfig config file', () => {
  it('reads the file named by ACR_CONFIG_FILE, and --config over it', () => {
    const viaEnv = load([], { ACR_CONFIG_FILE: 'config.yml' });

    expect(viaEnv.config.regions.map((region) => region.instances)).toEqual([['cri-file']]);
    expect(viaEnv.cli.configFile).toBe('config.yml');
    expect(messageOf(() => load(['--config', '/nope.yml'], { ACR_CONFIG_FILE: 'config.yml' }))).toBe('--config: file not found: /nope.yml');
  });

  it('names ACR_CONFIG_FILE when the file it names is missing', () => {
    expect(messageOf(() => load([], { ACR_CONFIG_FILE: '/nope.yml' }))).toBe('ACR_CONFIG_FILE: file not found: /nope.yml');
  });

  it('reports a file that cannot be read with its error code', () => {
    const readFile = (): string => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };

    expect(messageOf(() => loadConfig({ argv: ['--config', '/etc/acr/config.yml'], env: {}, readFile }))).toBe(
      '--config: cannot read /etc/acr/config.yml: EACCES',
    );
  });

  it('reads a real file from disk by default', () => {
    const fixture = new URL('./fixtures/minimal.ok.yml', import.meta.url).pathname;

    expect(loadConfig({ argv: ['--config', fixture], env: {} }).config.regions.map((region) => region.id)).toEqual(['cn-hangzhou']);
  });

  it('works without any file, from env and flags alone', () => {
    const { config, cli } = load(['--region', 'cn-hangzhou']);

    expect([config.regions.length, cli.configFile]).toEqual([1, undefined]);
  });
});

describe('loadConfig names and unknowns', () => {
  it('rejects an unknown ACR_ variable without echoing its value, suggesting the closest name', () => {
    expect(messageOf(() => load(['--region', 'cn-hangzhou'], { ACR_COLECTION_MODE: 'scrape', ACR_SECRET: 'hunter2' }))).toBe(
      'ACR_COLECTION_MODE: unknown environment variable (did you mean ACR_COLLECTION_MODE?); see --help for the ACR_* variables',
    );
    expect(messageOf(() => load(['--region', 'cn-hangzhou'], { ACR_SECRET: 'hunter2' }))).toBe(
      'ACR_SECRET: unknown environment variable; see --help for the ACR_* variables',
    );
  });

  it("ignores Kubernetes service-link variables of a Service named acr-*, and variables without the prefix", () => {
    const env = {
      ACR_SUBSCRIPTION_EXPORTER_SERVICE_HOST: '10.0.0.1',
      ACR_SUBSCRIPTION_EXPORTER_SERVICE_PORT: '9742',
      ACR_SUBSCRIPTION_EXPORTER_SERVICE_PORT_HTTP: '9742',
      ACR_SUBSCRIPTION_EXPORTER_PORT: 'tcp://10.0.0.1:9742',
      ACR_SUBSCRIPTION_EXPORTER_PORT_9742_TCP: 'tcp://10.0.0.1:9742',
      ACR_SUBSCRIPTION_EXPORTER_PORT_9742_TCP_ADDR: '10.0.0.1',
      ACR_PORT: 'tcp://10.0.0.2:80',
      HOME: '/home/exporter',
      acr_lowercase: 'x',
    };

    expect(load(['--region', 'cn-hangzhou'], env).config.regions).toHaveLength(1);
  });

  it('rejects an unknown flag, a stray argument and a missing value', () => {
    expect([
      messageOf(() => load(['--colection.mode=scrape'])),
      messageOf(() => load(['--nope'])),
      messageOf(() => load(['config.yml'])),
      messageOf(() => load(['--config'])),
      messageOf(() => load(['--collection.cache-ttl', '--demo'])),
    ]).toEqual([
      '--colection.mode: unknown flag (did you mean --collection.mode?); see --help for the flags',
      '--nope: unknown flag; see --help for the flags',
      '"config.yml": unexpected argument; expected flags such as --config FILE (see --help)',
      '--config: missing value; expected --config=FILE',
      '--collection.cache-ttl: missing value; expected --collection.cache-ttl=DURATION',
    ]);
  });
});

describe('loadConfig sharding', () => {
  it('is shard 0 of 1 by default, whatever POD_NAME says', () => {
    expect(load(['--region', 'cn-hangzhou'], { POD_NAME: 'acr-exporter-7' }).config.sharding).toEqual({ index: 0, total: 1 });
  });

  it('takes the shard from the ordinal at the end of POD_NAME when totalShards > 1 and shard is unset', () => {
    const { config } = load(['--region', 'cn-hangzhou', '--total-shards', '4'], { POD_NAME: 'acr-exporter-3' });

    expect(config.sharding).toEqual({ index: 3, total: 4 });
  });

  it('prefers an explicit shard to POD_NAME', () => {
    const { config } = load(['--region', 'cn-hangzhou', '--shard=1'], { ACR_SHARDING_TOTAL_SHARDS: '4', POD_NAME: 'acr-exporter-3' });

    expect(config.sharding).toEqual({ index: 1, total: 4 });
  });

  it('names sharding.shard and the POD_NAME value when it has no ordinal or one out of range', () => {
    expect([
      messageOf(() => load(['--region', 'cn-hangzhou', '--total-shards', '3'], { POD_NAME: 'acr-exporter' })),
      messageOf(() => load(['--region', 'cn-hangzhou', '--total-shards', '3'], { POD_NAME: 'acr-exporter-5' })),
      messageOf(() => load(['--region', 'cn-hangzhou', '--total-shards', '3'], {})),
      messageOf(() => load(['--region', 'cn-hangzhou', '--shard', '1'], {})),
    ]).toEqual([
      'sharding.shard: POD_NAME "acr-exporter" has no ordinal at its end; expected a name such as acr-exporter-0, or set sharding.shard (--shard N, ACR_SHARDING_SHARD) or run in a StatefulSet with POD_NAME from metadata.name (from env POD_NAME)',
      'sharding.shard: 5 (the ordinal of POD_NAME "acr-exporter-5") is out of range; expected 0 to 2 (sharding.totalShards is 3) (from env POD_NAME)',
      'sharding.shard: unset with sharding.totalShards 3, and POD_NAME is not set; set sharding.shard (--shard N, ACR_SHARDING_SHARD) or run in a StatefulSet with POD_NAME from metadata.name',
      'sharding.shard: 1 is out of range; expected 0 (sharding.totalShards is 1) (from flag --shard)',
    ]);
  });
});

describe('loadConfig command-line options', () => {
  it('reads the boolean options', () => {
    const { cli } = load(['--region', 'cn-hangzhou', '--check-config', '--demo=false']);

    expect(cli).toEqual({ demo: false, checkConfig: true, version: false, help: false });
  });

  it('requires a region, except in demo mode, where the regions may be empty', () => {
    const demo = load(['--demo']);

    expect(messageOf(() => load([]))).toBe('regions: no region configured; expected at least one (regions in the file, ACR_REGIONS or --region)');
    expect([demo.config.regions, demo.cli.demo]).toEqual([[], true]);
  });

  it('still validates everything else in demo mode', () => {
    expect(messageOf(() => load(['--demo', '--collection.concurrency=0']))).toBe(
      'collection.concurrency: "0" is out of range; expected an integer >= 1 (from flag --collection.concurrency)',
    );
  });

  it.each([['--help'], ['-h'], ['--version']])('with %s reads neither file nor env, so a broken config does not stop it', (flag) => {
    const { cli, config } = load([flag, '--config', '/nope.yml'], { ACR_BOGUS: 'x' });

    expect([cli.help || cli.version, config.regions, config.collection.cacheTtl]).toEqual([true, [], 30_000]);
  });

  it('rejects a value given to a boolean option other than true or false', () => {
    expect(messageOf(() => load(['--demo=yes']))).toBe('--demo: "yes" is not allowed; expected --demo, --demo=true or --demo=false');
  });
});
