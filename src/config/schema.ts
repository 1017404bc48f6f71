/**
 * The configuration file's schema: every key, its type, its default and its documentation, in
 * one place. Env vars and flags set the same keys (see key-names.ts), so this schema validates
 * the merged result of all three, once. CONFIG_KEYS, derived from it, feeds --help and the
 * README's configuration reference, so neither can drift from what is accepted.
 */
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.js';
import { describeValue } from './describe-value.js';
import { filePathValue } from './file-path-value.js';
import { repeatedIndexes } from './repeated-indexes.js';
import { envNameOf, flagNameOf, FLAG_ALIASES } from './key-names.js';
import {
  durationValue,
  endpointValue,
  enumValue,
  instanceIdValue,
  integerValue,
  listenAddressValue,
  listValue,
  numberValue,
  regexValue,
  regionIdValue,
  statusValue,
  type ValueKind,
} from './value-types.js';

export const PROTOCOLS = ['http', 'https'] as const;
export const COLLECTION_MODES = ['scrape', 'interval'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * The slowest API rate accepted: one request every 100 s. A collection needs at least one request
 * per instance, so a slower budget never finishes one in any sensible interval, and the rate
 * limiter's waits (debt / rate) would approach the 2^31-1 ms where Node's timers fire at once
 * (1e-7 gave a TimeoutOverflowWarning and 90 requests in 10 s).
 */
export const MIN_REQUESTS_PER_SECOND = 0.01;

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
  pageSize: integer(100, { min: 1, max: 100 }, 'PageSize of the list calls.'),
  maxPages: integer(1000, { min: 1 }, 'Most pages read per listing, so a TotalCount that never ends cannot loop forever.'),
  inProgressStatuses: statuses(['RUNNING', 'PENDING', 'WAITING', 'QUEUED'], 'TaskStatus values that mean a task is still in progress.'),
  seenTaskIdsMax: integer(
    200_000,
    { min: 1 },
    'Tasks remembered (LRU; finished ones and in-progress ones, each up to this bound) so each completion is counted once; past it a completion may be missed, never counted twice.',
  ),
  keepStaleData: duration('15m', { allowZero: true }, "How long a failing instance's last good data is still served; 0 drops it at the first failure."),
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
  maxConcurrentRequests: integer(4, { min: 1 }, 'API requests in flight at once, process-wide.'),
  retry,
});

const web = section({
  listenAddress: documented(listenAddressValue().default(`:${DEFAULT_PORT}`), {
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
  }),
  totalShards: integer(1, { min: 1 }, 'Number of exporters sharing the instances; each collects those whose instance id hashes to its shard.'),
});

const sections = { discovery, collection, api, web, log, sharding };

/**
 * The schema of the merged configuration.
 * @param options.regionsRequired false in demo mode, where the demo supplies the regions.
 */
export function buildConfigSchema(options: { regionsRequired: boolean }) {
  const regions = documented(z.array(region).default([]), {
    kind: 'regions',
    description:
      'Regions to collect; at least one, except with --demo. From env or flags: region ids only, each discovering its instances; ' +
      'they replace the regions of the file.',
    defaultText: '',
  });
  return z.strictObject({ regions, ...sections }).superRefine((config, ctx) => {
    if (options.regionsRequired && config.regions.length === 0) {
      const message = 'no region configured; expected at least one (regions in the file, ACR_REGIONS or --region)';
      ctx.addIssue({ code: 'custom', path: ['regions'], message, input: config.regions });
    }
    for (const index of repeatedIndexes(config.regions, (entry) => entry.id)) {
      const id = config.regions[index]?.id;
      const message = `${describeValue(id)} is repeated; expected each region once`;
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
  });
}

/** "0 to 2 (sharding.totalShards is 3)": the shards allowed, with the reason. */
export function shardRange(totalShards: number): string {
  const range = totalShards === 1 ? '0' : `0 to ${totalShards - 1}`;
  return `${range} (sharding.totalShards is ${totalShards})`;
}

/** The schema outside demo mode (at least one region). */
export const configSchema = buildConfigSchema({ regionsRequired: true });

/** The validated file shape: durations already in ms, but keys as in YAML (cacheTtl, not cacheTtlMs). */
export type ConfigFile = z.output<typeof configSchema>;

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
}

function defaultTextOf(schema: z.ZodType, doc: KeyDoc): string {
  if (doc.defaultText !== undefined) return doc.defaultText;
  if (!(schema instanceof z.ZodDefault)) return '';
  const value: unknown = schema.def.defaultValue;
  if (doc.kind === 'duration') return formatDuration(value as number);
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
    };
    return doc.kind === 'regions' ? [key, ...keysOf(region.shape, `${path}[].`, false)] : [key];
  });
}

/** Every key of the configuration, in file order. */
export const CONFIG_KEYS: readonly ConfigKey[] = keysOf(configSchema.shape, '', true);
