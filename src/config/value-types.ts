/**
 * The zod types of single configuration values. Each accepts what the YAML file gives (numbers,
 * strings) and what env vars and flags give (always strings: "4" is the integer 4), and on a bad
 * value reports the value received and what is allowed; src/config/config-issue.ts adds the key
 * path and where the value came from.
 */
import { z } from 'zod';
import { DURATION_EXAMPLES, formatDuration, tryParseDuration, type Milliseconds } from './duration.js';
import { describeValue, oneLineText } from './describe-value.js';
import { parseListenAddress, type ListenAddress } from './listen-address.js';
import { parseNoProxyEntry } from './no-proxy.js';
import { parseProxyUrl } from './proxy-url.js';
import { repeatedIndexes } from './repeated-indexes.js';

/**
 * The longest duration accepted, 24 days: Node's timers fire at once (with a warning) for delays
 * above 2^31-1 ms (24.8 days), so a longer interval would become a busy loop, not a long wait.
 */
export const MAX_DURATION_MS = 24 * 86_400_000;

/** What a key holds; decides how env/flag text is read, the --help placeholder and how the default prints. */
export type ValueKind = 'duration' | 'integer' | 'number' | 'boolean' | 'enum' | 'string' | 'address' | 'list' | 'regex-list' | 'regions';

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^\d+(?:\.\d+)?$/;
const ENDPOINT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;
const REGION_ID = /^[a-z]{2}(-[a-z0-9]+)+$/;
const STATUS = /^[A-Z][A-Z0-9_]*$/;
/** A RAM role's ARN: acs:ram::<account id>:role/<role name>; role names are 1-64 of letters, digits, '.', '-', '_'. */
const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]{1,64}$/;
/** STS RoleSessionName: 2-64 of letters, digits, '.', '@', '-', '_'. */
const ROLE_SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
/** STS ExternalId: 2-1224 of letters, digits, '=', ',', '.', '@', ':', '/', '-', '_'. */
const EXTERNAL_ID = /^[A-Za-z0-9=,.@:/_-]{2,1224}$/;
const MAX_PORT = 65_535;
/** A DNS name has at most 253 characters (RFC 1035); a longer host is a paste, not an endpoint. */
const MAX_HOST_CHARS = 253;
/** V8's reason for an invalid regular expression is short; cut anyway, it is not ours. */
const MAX_REASON_CHARS = 100;

type Check<T> = (value: unknown) => { ok: true; value: T } | { ok: false; detail: string };

/** A zod type from a check function: one custom issue carrying our wording, no zod phrasing. */
function valueType<T>(check: Check<T>): z.ZodType<T, unknown> {
  return z.unknown().transform((value, ctx) => {
    const result = check(value);
    if (result.ok) return result.value;
    ctx.issues.push({ code: 'custom', message: result.detail, input: value });
    return z.NEVER;
  });
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const notAllowed = (value: unknown, expected: string) => ({ ok: false as const, detail: `${describeValue(value)} is not allowed; expected ${expected}` });

/** A duration in milliseconds, from "30s" (or the number 0). */
export function durationValue(bounds: { allowZero: boolean }): z.ZodType<Milliseconds, unknown> {
  return valueType((value) => {
    const ms = value === 0 ? 0 : typeof value === 'string' ? tryParseDuration(value) : undefined;
    if (ms === undefined) return { ok: false, detail: `${describeValue(value)} is not a duration; expected ${DURATION_EXAMPLES}` };
    if (ms === 0 && !bounds.allowZero) return notAllowed(value, 'a duration > 0, e.g. 10s');
    if (ms > MAX_DURATION_MS) return notAllowed(value, `a duration of at most ${formatDuration(MAX_DURATION_MS)}`);
    return ok(ms);
  });
}

/** An integer within [min, max]. */
export function integerValue(bounds: { min: number; max?: number }): z.ZodType<number, unknown> {
  const range = bounds.max === undefined ? `an integer >= ${bounds.min}` : `an integer from ${bounds.min} to ${bounds.max}`;
  return valueType((value) => {
    const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
      return { ok: false, detail: `${describeValue(value)} is not an integer; expected ${range}` };
    }
    if (number < bounds.min || (bounds.max !== undefined && number > bounds.max)) {
      return { ok: false, detail: `${describeValue(value)} is out of range; expected ${range}` };
    }
    return ok(number);
  });
}

/** A finite number >= `min`; fractions allowed (0.5 requests per second is one request every two seconds). */
export function numberValue(bounds: { min: number }): z.ZodType<number, unknown> {
  const range = `a number >= ${bounds.min}`;
  return valueType((value) => {
    const number = typeof value === 'string' && DECIMAL_TEXT.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      return { ok: false, detail: `${describeValue(value)} is not a number; expected ${range}` };
    }
    return number >= bounds.min ? ok(number) : { ok: false, detail: `${describeValue(value)} is out of range; expected ${range}` };
  });
}

/** true or false: a YAML boolean, or the text "true" / "false" from env and flags. */
export function booleanValue(): z.ZodType<boolean, unknown> {
  return valueType((value) => {
    if (value === true || value === 'true') return ok(true);
    if (value === false || value === 'false') return ok(false);
    return notAllowed(value, 'true | false');
  });
}

/** One of a fixed set of words, case-sensitive. */
export function enumValue<const T extends readonly string[]>(choices: T): z.ZodType<T[number], unknown> {
  return valueType((value) =>
    typeof value === 'string' && choices.includes(value) ? ok(value as T[number]) : notAllowed(value, choices.join(' | ')),
  );
}

/**
 * HOST:PORT for the HTTP server, checked as it will be bound (listen-address.ts) and parsed once
 * into {host, port}; an empty host (":9742") means every interface.
 */
export function listenAddressValue(): z.ZodType<ListenAddress, unknown> {
  return valueType((value) => {
    const parsed = typeof value === 'string' ? parseListenAddress(value) : { ok: false as const, problem: 'is not HOST:PORT' };
    if (!parsed.ok) return { ok: false, detail: `${describeValue(value)} ${parsed.problem}; expected e.g. :9742, 127.0.0.1:9742 or [::1]:9742` };
    return ok(parsed.address);
  });
}

/**
 * host[:port] of an API endpoint. For a region the scheme is the region's `protocol`, never part
 * of the endpoint; STS is always reached over HTTPS (@alicloud/credentials), so its endpoint
 * (`https: true`) has no protocol key, and must be a name with a dot, an IP address or host:port:
 * a bare word ("true", "NaN") is a mistake, not an STS endpoint.
 */
export function endpointValue(options: { httpsOnly?: boolean } = {}): z.ZodType<string, unknown> {
  const schemeHint = options.httpsOnly ? 'it is always reached over HTTPS' : 'set protocol: http | https for the scheme';
  const example = options.httpsOnly ? 'sts-vpc.cn-hangzhou.aliyuncs.com or 127.0.0.1:8443' : 'cr-vpc.cn-hangzhou.aliyuncs.com or 127.0.0.1:8080';
  return valueType((value) => {
    if (typeof value === 'string' && value.includes('://')) {
      return notAllowed(value, `host[:port] without a scheme; ${schemeHint}`);
    }
    if (typeof value === 'string' && value.includes('@')) {
      return notAllowed(value, 'host[:port] without credentials; credentials come from the ALIBABA_CLOUD_* chain');
    }
    const match = typeof value === 'string' && value.length <= MAX_HOST_CHARS + ':65535'.length ? ENDPOINT.exec(value) : null;
    const bareWord = options.httpsOnly && typeof value === 'string' && !/[.:]/.test(value);
    if (!match || bareWord || (match[1] !== undefined && Number(match[1]) > MAX_PORT)) {
      return notAllowed(value, `host[:port], e.g. ${example}`);
    }
    return ok(value as string);
  });
}

/** An http:// proxy URL, optionally with user:password (api.proxy); kept as written, parsed for use in proxy-routes.ts. */
export function proxyUrlValue(): z.ZodType<string, unknown> {
  return valueType((value) => {
    const parsed = typeof value === 'string' ? parseProxyUrl(value, { schemeOptional: false }) : { ok: false as const, problem: 'is not a URL' };
    return parsed.ok ? ok(value as string) : { ok: false, detail: `${describeValue(value)} ${parsed.problem}; expected http://[user:password@]host[:port]` };
  });
}

/** One entry of api.noProxy: a host, domain, IP address, CIDR block (each with an optional :port) or *; see no-proxy.ts. */
export function noProxyEntryValue(): z.ZodType<string, unknown> {
  return valueType((value) => {
    const parsed = typeof value === 'string' ? parseNoProxyEntry(value) : { ok: false as const, problem: 'is not a host name, domain, IP address, CIDR block or *' };
    return parsed.ok ? ok(value as string) : { ok: false, detail: `${describeValue(value)} ${parsed.problem}; expected e.g. .example.com, 10.0.0.0/8 or *` };
  });
}

export function regionIdValue(): z.ZodType<string, unknown> {
  return valueType((value) => {
    if (value === undefined) return { ok: false, detail: 'missing; expected a region id such as cn-hangzhou' };
    if (typeof value !== 'string' || !REGION_ID.test(value)) {
      return { ok: false, detail: `${describeValue(value)} is not a region id; expected e.g. cn-hangzhou` };
    }
    return ok(value);
  });
}

/** The ARN of a RAM role to assume, acs:ram::<account id>:role/<name>, as the RAM console shows it. */
export function roleArnValue(): z.ZodType<string, unknown> {
  return valueType((value) =>
    typeof value === 'string' && ROLE_ARN.test(value) ? ok(value) : notAllowed(value, 'a RAM role ARN such as acs:ram::1234567890123456:role/acr-exporter'),
  );
}

/** The RoleSessionName sent with AssumeRole (it shows in the role's ActionTrail events). */
export function roleSessionNameValue(): z.ZodType<string, unknown> {
  return valueType((value) =>
    typeof value === 'string' && ROLE_SESSION_NAME.test(value) ? ok(value) : notAllowed(value, '2-64 letters, digits or . @ - _'),
  );
}

/** The ExternalId a role's trust policy may require (sts:ExternalId). */
export function externalIdValue(): z.ZodType<string, unknown> {
  return valueType((value) =>
    typeof value === 'string' && EXTERNAL_ID.test(value) ? ok(value) : notAllowed(value, '2-1224 letters, digits or = , . @ : / - _'),
  );
}

/** An instance id such as cri-xxxxxxxx: a non-empty word without spaces. */
export function instanceIdValue(): z.ZodType<string, unknown> {
  return valueType((value) =>
    typeof value === 'string' && value !== '' && !/\s/.test(value) ? ok(value) : notAllowed(value, 'an instance id such as cri-xxxxxxxx'),
  );
}

/** An API status word; upper case, because the API's values are and matching is exact. */
export function statusValue(): z.ZodType<string, unknown> {
  return valueType((value) =>
    typeof value === 'string' && STATUS.test(value) ? ok(value) : notAllowed(value, 'an upper-case status such as RUNNING'),
  );
}

/**
 * A regular expression's source. It is compiled here exactly as discovery compiles it
 * (`new RegExp(source)`, no flags, unanchored), so a pattern that loads is a pattern that runs.
 */
export function regexValue(): z.ZodType<string, unknown> {
  return valueType((value) => {
    if (typeof value !== 'string') return notAllowed(value, 'a regular expression such as ^cri-');
    try {
      new RegExp(value);
      return ok(value);
    } catch (error) {
      // V8 says "Invalid regular expression: /(/: Unterminated group"; the pattern is already quoted.
      const message = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      const reason = oneLineText(message, MAX_REASON_CHARS);
      return { ok: false, detail: `${describeValue(value)} is not a valid regular expression (${reason}); expected e.g. ^cri-` };
    }
  });
}

/** A list of `element`s; optionally non-empty and without repeats, reported at the offending index. */
export function listValue<T>(element: z.ZodType<T, unknown>, rules: { nonEmpty: boolean; unique: boolean }): z.ZodType<T[], unknown> {
  return z.array(element).superRefine((items, ctx) => {
    if (rules.nonEmpty && items.length === 0) {
      ctx.addIssue({ code: 'custom', message: '[] is not allowed; expected at least one value', input: items });
    }
    if (!rules.unique) return;
    for (const index of repeatedIndexes(items)) {
      const message = `${describeValue(items[index])} is repeated; expected each value once`;
      ctx.addIssue({ code: 'custom', path: [index], message, input: items[index] });
    }
  });
}
