/**
 * The configuration file's schema: every key, its type, its default, its bounds and its
 * documentation, in one place. Env vars and flags set the same keys (see key-names.ts), so this
 * schema validates the merged result of all three, once, and its output is the configuration every
 * module reads (ExporterConfig): no component restates a default or re-checks a bound. CONFIG_KEYS,
 * derived from it, feeds --help, --check-config's printout and the README's configuration
 * reference, so none can drift from what is accepted.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatDuration, parseDuration } from './duration.js';
import { describeValue } from './describe-value.js';
import { filePathValue } from './file-path-value.js';
import { repeatedIndexes } from './repeated-indexes.js';
import { envNameOf, flagNameOf, FLAG_ALIASES } from './key-names.js';
import { formatListenAddress, type ListenAddress } from './listen-address.js';
import { resolveShard, shardRange } from './resolve-shard.js';
import type { ProxyEnv } from './proxy-env.js';
import { resolveProxyRoutes, type ProxyRoutes } from './proxy-routes.js';
import {
  booleanValue,
  durationValue,
  endpointValue,
  enumValue,
  externalIdValue,
  instanceIdValue,
  integerValue,
  listenAddressValue,
  listValue,
  noProxyEntryValue,
  numberValue,
  proxyUrlValue,
  regexValue,
  regionIdValue,
  roleArnValue,
  roleSessionNameValue,
  statusValue,
  type ValueKind,
} from './value-types.js';

export const PROTOCOLS = ['http', 'https'] as const;
export const COLLECTION_MODES = ['scrape', 'interval'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LISTING_MODES = ['incremental', 'full'] as const;

/**
 * The slowest API rate accepted: one request every 100 s. A collection needs at least one request
 * per instance, so a slower budget never finishes one in any sensible interval, and the rate
 * limiter's waits (debt / rate) would approach the 2^31-1 ms where Node's timers fire at once
 * (1e-7 gave a TimeoutOverflowWarning and 90 requests in 10 s).
 */
export const MIN_REQUESTS_PER_SECOND = 0.01;

/** The API's documented maximum PageSize (ListArtifactSubscriptionRule; the others document none). */
export const MAX_PAGE_SIZE = 100;

/** RoleSessionName of the AssumeRole calls when a region sets none: what ActionTrail shows for the exporter's calls. */
export const DEFAULT_ROLE_SESSION_NAME = 'acr-subscription-exporter';
/** AssumeRole DurationSeconds when a region sets none; STS accepts 900 up to the role's maximum session duration (at most 43200). */
export const DEFAULT_ROLE_DURATION_SECONDS = 3600;
export const MIN_ROLE_DURATION_SECONDS = 900;
export const MAX_ROLE_DURATION_SECONDS = 43_200;
/** The global STS endpoint, where roles are assumed unless api.stsEndpoint names another. */
export const DEFAULT_STS_ENDPOINT = 'sts.aliyuncs.com';

/** The exporter's port, in the Prometheus exporter range 9100-9999. */
export const DEFAULT_PORT = 9742;

/** The documentation attached to a key of the schema. */
interface KeyDoc {
  kind: ValueKind;
  description: string;
  /** The allowed words of an enum key. */
  choices?: readonly string[];
  /** The default as --help shows it; when absent, printed from the schema's default value. */
  defaultText?: string;
  /**
   * The property of the section's output holding the value, when a transform renames it
   * (sharding -> Shard); a dotted path when it moves it into an object (regions[].roleArn -> role.arn).
   */
  outputName?: string;
}

const keyDocs = z.registry<KeyDoc>();

function documented<T extends z.ZodType>(schema: T, doc: KeyDoc): T {
  keyDocs.add(schema, doc);
  return schema;
}

function duration(defaultText: string, bounds: { allowZero: boolean }, description: string) {
  return documented(durationValue(bounds).default(parseDuration(defaultText)), { kind: 'duration', description, defaultText });
}

function integer(defaultValue: number, bounds: { min: number; max?: number }, description: string) {
  return documented(integerValue(bounds).default(defaultValue), { kind: 'integer', description });
}

function oneOf<const T extends readonly string[]>(choices: T, defaultValue: T[number], description: string) {
  return documented(enumValue(choices).default(defaultValue), { kind: 'enum', choices, description });
}

function statuses(defaultValue: string[], description: string) {
  return documented(listValue(statusValue(), { nonEmpty: true, unique: true }).default(defaultValue), { kind: 'list', description });
}

function regexes(description: string) {
  return documented(listValue(regexValue(), { nonEmpty: false, unique: false }).default([]), { kind: 'regex-list', description });
}

/** A section (mapping) whose keys all have defaults, so the whole section may be omitted. */
function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const mapping = z.strictObject(shape);
  // Every key of a section has a default, but TypeScript cannot see that through the generic T.
  return mapping.prefault({} as z.input<typeof mapping>);
}

/** The public endpoint of a region, used when the region sets none. */
export function defaultEndpointOf(regionId: string): string {
  return `cr.${regionId}.aliyuncs.com`;
}

const region = z.strictObject({
  id: documented(regionIdValue(), { kind: 'string', description: 'Region id, e.g. cn-hangzhou. Required.', defaultText: '' }),
  endpoint: documented(endpointValue().optional(), {
    kind: 'string',
    description: 'API endpoint as host[:port], without a scheme: a VPC endpoint, a proxy or the simulator.',
    defaultText: 'cr.<id>.aliyuncs.com',
  }),
  protocol: oneOf(PROTOCOLS, 'https', 'Scheme used to reach the endpoint.'),
  instances: documented(listValue(instanceIdValue(), { nonEmpty: true, unique: true }).optional(), {
    kind: 'list',
    description: 'Instance ids to collect. Omit to discover the instances with ListInstance.',
    defaultText: '(discovered)',
  }),
  roleArn: documented(roleArnValue().optional(), {
    kind: 'string',
    description:
      "RAM role assumed (STS AssumeRole over the default credential chain) for this entry's calls: acs:ram::<account id>:role/<name>. " +
      'The same region may be listed once per role. See "Several accounts".',
    defaultText: '(the default credential chain)',
    outputName: 'role.arn',
  }),
  roleSessionName: documented(roleSessionNameValue().optional(), {
    kind: 'string',
    description: 'With roleArn: RoleSessionName of AssumeRole (shows in ActionTrail).',
    defaultText: DEFAULT_ROLE_SESSION_NAME,
    outputName: 'role.sessionName',
  }),
  externalId: documented(externalIdValue().optional(), {
    kind: 'string',
    description: "With roleArn: ExternalId of AssumeRole, when the role's trust policy requires sts:ExternalId.",
    defaultText: '',
    outputName: 'role.externalId',
  }),
  durationSeconds: documented(integerValue({ min: MIN_ROLE_DURATION_SECONDS, max: MAX_ROLE_DURATION_SECONDS }).optional(), {
    kind: 'integer',
    description:
      "With roleArn: lifetime of the assumed role's credentials, at most the role's maximum session duration; they are renewed 15 minutes before they expire.",
    defaultText: String(DEFAULT_ROLE_DURATION_SECONDS),
    outputName: 'role.durationSeconds',
  }),
});

/** The keys that only make sense with roleArn. */
const ROLE_OPTION_KEYS = ['roleSessionName', 'externalId', 'durationSeconds'] as const;

/** The RAM role a region entry's calls use, assumed with STS AssumeRole. */
export interface RegionRole {
  /** acs:ram::<account id>:role/<name>: the account owns the instances the role's calls see. */
  arn: string;
  sessionName: string;
  externalId: string | undefined;
  durationSeconds: number;
}

/** A region entry as the configuration holds it. */
export interface ResolvedRegion {
  id: string;
  /** host[:port]; cr.<id>.aliyuncs.com unless the file set one. */
  endpoint: string;
  protocol: (typeof PROTOCOLS)[number];
  /** undefined: discovered with ListInstance. */
  instances: string[] | undefined;
  /** undefined: the default credential chain signs the calls. */
  role?: RegionRole | undefined;
}

/**
 * A region as the configuration holds it: the endpoint filled in, instances undefined when
 * discovered; with a roleArn, the role with its session name and duration filled in.
 */
const resolvedRegion = region.transform((entry, ctx): ResolvedRegion => {
  if (entry.roleArn === undefined) {
    for (const key of ROLE_OPTION_KEYS) {
      if (entry[key] === undefined) continue;
      ctx.issues.push({ code: 'custom', path: [key], message: `${describeValue(entry[key])} is set without roleArn; expected it only with roleArn`, input: entry[key] });
    }
  }
  const role: RegionRole | undefined =
    entry.roleArn === undefined
      ? undefined
      : {
          arn: entry.roleArn,
          sessionName: entry.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
          externalId: entry.externalId,
          durationSeconds: entry.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS,
        };
  return { id: entry.id, endpoint: entry.endpoint ?? defaultEndpointOf(entry.id), protocol: entry.protocol, instances: entry.instances, role };
});

const discovery = section({
  refreshInterval: duration('10m', { allowZero: false }, 'How often ListInstance is called again for regions without a static instances list.'),
  instanceStatuses: statuses(['RUNNING'], 'InstanceStatus values of discovered instances that are collected.'),
  includeIds: regexes('Regular expressions (unanchored) on the instance id; when any is given, only instances matching one are collected.'),
  excludeIds: regexes('Regular expressions (unanchored) on the instance id; matching instances are not collected (exclusion wins).'),
  includeNames: regexes('Like includeIds, on the instance name.'),
  excludeNames: regexes('Like excludeIds, on the instance name.'),
});

const collection = section({
  mode: oneOf(
    COLLECTION_MODES,
    'scrape',
    'scrape: collect when Prometheus scrapes (cached for cacheTtl); interval: collect in the background every interval.',
  ),
  cacheTtl: duration(
    '30s',
    { allowZero: true },
    'scrape mode: how long a collection is served to further scrapes; 0 collects on every scrape (concurrent scrapes still share one).',
  ),
  interval: duration('60s', { allowZero: false }, 'interval mode: time between background collections; a collection still running skips the next.'),
  scrapeTimeout: duration(
    '10s',
    { allowZero: false },
    "scrape mode: longest a scrape waits for a collection before it gets the last good snapshot; keep it below Prometheus' scrape_timeout.",
  ),
  concurrency: integer(4, { min: 1 }, 'Instances collected at the same time.'),
  pageSize: integer(MAX_PAGE_SIZE, { min: 1, max: MAX_PAGE_SIZE }, 'PageSize of the list calls.'),
  maxPages: integer(1000, { min: 1 }, 'Most pages read per listing, so a TotalCount that never ends cannot loop forever.'),
  inProgressStatuses: statuses(['RUNNING', 'PENDING', 'WAITING', 'QUEUED'], 'TaskStatus values that mean a task is still in progress.'),
  seenTaskIdsMax: integer(
    200_000,
    { min: 1 },
    'Tasks remembered (LRU; finished ones and in-progress ones, each up to this bound) so each completion is counted once; past it a completion may be missed, never counted twice.',
  ),
  keepStaleData: duration('15m', { allowZero: true }, "How long a failing instance's last good data is still served; 0 drops it at the first failure."),
  rulesInterval: duration(
    '10m',
    { allowZero: false },
    "How often an instance's subscription rules (ListArtifactSubscriptionRule) are listed again; cached in between, in both modes.",
  ),
  taskResultBudget: integer(
    20,
    { min: 0 },
    'GetArtifactSubscriptionTaskResult calls per collection (one per task, every page): the tags of failed newest finished tasks, asked once and cached; the rest wait for later collections; 0 disables.',
  ),
  listing: oneOf(
    LISTING_MODES,
    'incremental',
    'incremental: read the new tasks at the head and the pages of tasks in progress, reuse the rest, list in full whatever does not reconcile (see "Incremental listing"); full: every page every collection.',
  ),
  fullResyncInterval: duration('1h', { allowZero: false }, 'incremental listing: longest time between two full listings of an instance (each instance at its own offset).'),
  knownTasksMax: integer(
    200_000,
    { min: 0 },
    'incremental listing: tasks kept in memory across instances (about 160 bytes each, 450 at peak RSS) to read only what changed; an instance whose tasks would pass it is listed in full.',
  ),
});

const retry = section({
  maxAttempts: integer(4, { min: 1 }, 'Attempts per API call, the first included; 1 disables retries.'),
  initialBackoff: duration('200ms', { allowZero: false }, 'Wait before the first retry; doubles per retry, with jitter.'),
  maxBackoff: duration('5s', { allowZero: false }, 'Longest wait between two attempts.'),
  maxElapsed: duration('20s', { allowZero: false }, 'Longest time one call may take with all its retries.'),
});

const api = section({
  connectTimeout: duration('5s', { allowZero: false }, 'Connect (and socket idle) timeout of one API request.'),
  readTimeout: duration('10s', { allowZero: false }, 'Read timeout of one API request.'),
  requestsPerSecond: documented(numberValue({ min: MIN_REQUESTS_PER_SECOND }).default(10), {
    kind: 'number',
    description: `API requests per second, shared by every call of the process (fractions allowed, at least ${MIN_REQUESTS_PER_SECOND}).`,
  }),
  burst: integer(10, { min: 1 }, 'Requests that may go at once after a quiet period (token bucket size).'),
  adaptive: documented(booleanValue().default(true), {
    kind: 'boolean',
    description:
      'Adapt the request rate to the API: a Throttling answer halves it, quiet time raises it again by steps up to requestsPerSecond (see acr_exporter_api_requests_per_second_limit).',
  }),
  maxConcurrentRequests: integer(4, { min: 1 }, 'API requests in flight at once, process-wide.'),
  proxy: documented(proxyUrlValue().optional(), {
    kind: 'string',
    description:
      'HTTP proxy of every API request, http://[user:password@]host[:port]; requests are tunnelled with CONNECT. Unset: env HTTPS_PROXY (https endpoints) and HTTP_PROXY (http endpoints). See "Behind a proxy".',
    defaultText: '',
  }),
  noProxy: documented(listValue(noProxyEntryValue(), { nonEmpty: false, unique: false }).optional(), {
    kind: 'list',
    description: 'Endpoints reached without the proxy: host or .domain (subdomains included), IP, CIDR, each with optional :port, or * for all. Unset: env NO_PROXY.',
    defaultText: '',
  }),
  stsEndpoint: documented(endpointValue({ httpsOnly: true }).default(DEFAULT_STS_ENDPOINT), {
    kind: 'string',
    description:
      'STS endpoint host[:port] where the roleArn of regions is assumed, always over HTTPS: e.g. sts-vpc.cn-hangzhou.aliyuncs.com inside a VPC.',
  }),
  retry,
});

const web = section({
  listenAddress: documented(listenAddressValue().default({ host: undefined, port: DEFAULT_PORT }), {
    kind: 'address',
    description: `HOST:PORT of the HTTP server: an IPv4 address, [IPv6] or a hostname, port 0-65535; an empty host listens on every interface. ${DEFAULT_PORT} is this exporter's port.`,
  }),
  configFile: documented(filePathValue('an exporter-toolkit web config file').optional(), {
    kind: 'string',
    description:
      'Web configuration file in the Prometheus exporter-toolkit format (TLS, basic auth, response headers) for every endpoint; ' +
      're-read when it or a file it names changes, and on SIGHUP. Unset: plain HTTP, no auth. See "Securing the endpoint".',
    defaultText: '',
  }),
});

const log = section({
  level: oneOf(LOG_LEVELS, 'info', 'Lowest level of the JSON log lines written.'),
});

const sharding = section({
  shard: documented(integerValue({ min: 0 }).optional(), {
    kind: 'integer',
    description: 'This exporter\'s shard, 0..totalShards-1. Unset with totalShards > 1: the ordinal at the end of env POD_NAME (StatefulSet).',
    defaultText: '0, or from POD_NAME',
    outputName: 'index',
  }),
  totalShards: documented(integerValue({ min: 1 }).default(1), {
    kind: 'integer',
    description: 'Number of exporters sharing the instances; each collects those whose instance id hashes to its shard.',
    outputName: 'total',
  }),
});

const regions = documented(z.array(resolvedRegion).default([]), {
  kind: 'regions',
  description:
    'Regions to collect; at least one, except with --demo. From env or flags: region ids only, each discovering its instances; ' +
    'they replace the regions of the file.',
  defaultText: '',
});

/** The keys and sections of the file, in file order: what CONFIG_KEYS, --help, --check-config and the README walk. */
const configShape = { regions, discovery, collection, api, web, log, sharding };

/**
 * The schema of the merged configuration. Its output is the configuration every module reads
 * (ExporterConfig): durations in ms, the listen address parsed, region endpoints filled in, the
 * shard resolved.
 * @param options.regionsRequired false in demo mode, where the demo supplies the regions.
 * @param options.podName env POD_NAME, whose ordinal is the shard when sharding.shard is unset (resolve-shard.ts).
 * @param options.proxyEnv the standard proxy variables, for what api.proxy and api.noProxy leave unset (proxy-routes.ts).
 */
export function buildConfigSchema(options: { regionsRequired: boolean; podName?: string | undefined; proxyEnv?: ProxyEnv | undefined }) {
  return z
    .strictObject(configShape)
    .superRefine((config, ctx) => {
      if (options.regionsRequired && config.regions.length === 0) {
        const message = 'no region configured; expected at least one (regions in the file, ACR_REGIONS or --region)';
        ctx.addIssue({ code: 'custom', path: ['regions'], message, input: config.regions });
      }
      // Each (region, role) once: the same region may be listed once per account (roleArn).
      for (const index of repeatedIndexes(config.regions, (entry) => `${entry.id} ${entry.role?.arn ?? ''}`)) {
        const id = config.regions[index]?.id;
        const roleArn = config.regions[index]?.role?.arn;
        const message =
          roleArn === undefined
            ? `${describeValue(id)} is repeated; expected each region once (once per roleArn for several accounts)`
            : `${describeValue(id)} is repeated with the same roleArn; expected each region once per roleArn`;
        ctx.addIssue({ code: 'custom', path: ['regions', index, 'id'], message, input: id });
      }
      const { shard, totalShards } = config.sharding;
      if (shard !== undefined && shard >= totalShards) {
        ctx.addIssue({
          code: 'custom',
          path: ['sharding', 'shard'],
          message: `${shard} is out of range; expected ${shardRange(totalShards)}`,
          input: shard,
        });
      }
      const { initialBackoff, maxBackoff } = config.api.retry;
      if (initialBackoff > maxBackoff) {
        ctx.addIssue({
          code: 'custom',
          path: ['api', 'retry', 'initialBackoff'],
          message: `${formatDuration(initialBackoff)} is longer than api.retry.maxBackoff (${formatDuration(maxBackoff)}); expected at most that`,
          input: initialBackoff,
        });
      }
    })
    .transform((config, ctx) => {
      // Last, once every check passed: a POD_NAME or HTTPS_PROXY problem is reported only for an otherwise valid configuration.
      const proxy = resolveProxyRoutes({ proxy: config.api.proxy, noProxy: config.api.noProxy }, options.proxyEnv ?? {});
      if (!proxy.ok) {
        // The source is the variable's, not a setting's: config-issue.ts takes it from params.
        ctx.issues.push({ code: 'custom', path: proxy.problem.path, message: proxy.problem.message, input: undefined, params: { source: `env ${proxy.problem.name}` } });
        return z.NEVER;
      }
      try {
        // api.proxyRoutes: the proxy settings resolved for the transport, not a key of the file. Optional
        // in the type, so that an api section written by hand (tests, tools) means direct connections.
        const api: typeof config.api & { proxyRoutes?: ProxyRoutes } = { ...config.api, proxyRoutes: proxy.routes };
        return { ...config, api, sharding: resolveShard(config.sharding, options.podName) };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        // The source is POD_NAME's, not a setting's: config-issue.ts takes it from params.
        ctx.issues.push({ code: 'custom', path: ['sharding', 'shard'], message: error.detail, input: config.sharding.shard, params: { source: error.source ?? '' } });
        return z.NEVER;
      }
    });
}

/** The schema outside demo mode (at least one region), without POD_NAME. */
export const configSchema = buildConfigSchema({ regionsRequired: true });

/**
 * The validated, merged configuration (defaults < file < env < flags) as every other module reads
 * it: the schema's output. Keys keep their YAML names; durations are Milliseconds, web.listenAddress
 * is {host, port}, each region has its endpoint, sharding is the resolved Shard {index, total}.
 */
export type ExporterConfig = z.output<typeof configSchema>;

/** One key of the configuration, with its names everywhere and its documentation. */
export interface ConfigKey {
  /** Dotted path in the YAML file; `regions[].endpoint` for the keys of each region. */
  path: string;
  /** Environment variable; undefined for per-region keys, which only the file sets. */
  env: string | undefined;
  /** Flag; undefined for per-region keys. */
  flag: string | undefined;
  /** Other flags that set this key (`--shard` for `--sharding.shard`). */
  flagAliases: string[];
  /** The default as written in env/flags ("30s", "RUNNING,PENDING"); "" when there is none. */
  default: string;
  description: string;
  kind: ValueKind;
  /** The allowed words of an enum key. */
  choices: readonly string[] | undefined;
  /** Where the loaded configuration holds the value: the path, unless a transform renamed it (sharding.shard -> sharding.index). */
  outputPath: string;
}

/** A loaded value as the file writes it: "30s" for a duration, HOST:PORT for an address; lists and words as they are. */
export function formatValue(kind: ValueKind, value: unknown): unknown {
  if (kind === 'duration') return formatDuration(value as number);
  if (kind === 'address') return formatListenAddress(value as ListenAddress);
  return value;
}

function defaultTextOf(schema: z.ZodType, doc: KeyDoc): string {
  if (doc.defaultText !== undefined) return doc.defaultText;
  if (!(schema instanceof z.ZodDefault)) return '';
  const value = formatValue(doc.kind, schema.def.defaultValue);
  return Array.isArray(value) ? value.join(',') : String(value);
}

function keysOf(shape: z.core.$ZodLooseShape, prefix: string, settable: boolean): ConfigKey[] {
  return Object.entries(shape).flatMap(([name, schema]) => {
    const zodSchema = schema as z.ZodType;
    const doc = keyDocs.get(zodSchema);
    if (!doc) {
      // Not a key but a section: a prefaulted strict object.
      const inner = zodSchema instanceof z.ZodPrefault ? zodSchema.unwrap() : zodSchema;
      if (!(inner instanceof z.ZodObject)) throw new Error(`schema.ts: ${prefix}${name} has no documentation`);
      return keysOf(inner.shape, `${prefix}${name}.`, settable);
    }
    const path = `${prefix}${name}`;
    const key: ConfigKey = {
      path,
      env: settable ? envNameOf(path) : undefined,
      flag: settable ? flagNameOf(path) : undefined,
      flagAliases: Object.keys(FLAG_ALIASES).filter((alias) => FLAG_ALIASES[alias] === path),
      default: defaultTextOf(zodSchema, doc),
      description: doc.description,
      kind: doc.kind,
      choices: doc.choices,
      outputPath: `${prefix}${doc.outputName ?? name}`,
    };
    return doc.kind === 'regions' ? [key, ...keysOf(region.shape, `${path}[].`, false)] : [key];
  });
}

/** Every key of the configuration, in file order. */
export const CONFIG_KEYS: readonly ConfigKey[] = keysOf(configShape, '', true);
