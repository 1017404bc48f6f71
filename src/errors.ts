import { sanitizeApiCode, sanitizeApiText, sanitizeRequestId } from './sanitize-api-text.js';

/**
 * The exporter's error hierarchy. Every error that crosses a module boundary is one of these,
 * so callers decide on `kind` and `retryable` instead of matching strings.
 */

/** A configuration value that is missing, unknown or not allowed. Exit code 2 at start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Dotted key path, e.g. `collection.cacheTtl` or `regions[1].id`. */
    readonly path: string,
    /** What was wrong, including the value received and what is allowed. */
    readonly detail: string,
    /** Where the value came from: `file config.yml`, `env ACR_COLLECTION_MODE`, `flag --collection.mode`. */
    readonly source?: string,
  ) {
    super(`${path}: ${detail}${source ? ` (from ${source})` : ''}`);
  }
}

/** How an API failure is classified, once, in src/api/classify-error.ts. */
export type ApiErrorKind =
  | 'throttling' // Code contains "Throttling", or ServiceUnavailable
  | 'server' // HTTP 5xx whatever the body (JSON or not), SystemError
  | 'auth' // NoPrivilege, InvalidAccessKeyId.*, SignatureDoesNotMatch, InvalidTimeStamp.*, Forbidden*
  | 'network' // connection refused/reset, DNS
  | 'timeout' // connect or read timeout
  | 'invalid-response' // a 200 body not JSON, IsSuccess false, a 200 body not of the expected shape
  | 'client'; // any other 4xx

/** The retry decision for one failed attempt. */
export type RetryDecision = 'success' | 'retryable' | 'fatal';

const RETRYABLE_KINDS: ReadonlySet<ApiErrorKind> = new Set(['throttling', 'server', 'network', 'timeout']);

/**
 * A failed call to the Container Registry API, after classification (and after retries, when it surfaces).
 * Every field it shows is cleaned where it is built (sanitize-api-text.ts): the API's message may quote
 * the signed request, tokens or keys, and this object reaches the landing page and every log level.
 * For the same reason it keeps no `cause`: pino's `err` serializer prints a cause's message and stack,
 * and the raw error from openapi-core carries the API's message and body verbatim.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly action: string;
  readonly region: string;
  readonly instanceId: string | undefined;
  /** The API's error code (e.g. `Throttling.User`), or ours: `NetworkError`, `Timeout`, `InvalidResponse`. */
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  /** Server-suggested wait before the next attempt (x-acs-retry-after), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** How many attempts were made before this error surfaced (1 when not retried). */
  readonly attempts: number;
  /** The failure in the API's or the transport's words, without the action/instance prefix. */
  readonly detail: string;

  constructor(fields: {
    kind: ApiErrorKind;
    action: string;
    region: string;
    instanceId?: string | undefined;
    code: string;
    message: string;
    statusCode?: number | undefined;
    requestId?: string | undefined;
    retryAfterMs?: number | undefined;
    attempts?: number;
    /** The credential values that signed the call, when known: removed wherever they stand. Not kept. */
    knownSecrets?: readonly string[] | undefined;
  }) {
    const code = sanitizeApiCode(fields.code, fields.knownSecrets);
    const requestId = sanitizeRequestId(fields.requestId);
    const detail = sanitizeApiText(fields.message, undefined, fields.knownSecrets);
    const where = fields.instanceId ? `${fields.region}/${fields.instanceId}` : fields.region;
    const status = fields.statusCode === undefined ? '' : ` HTTP ${fields.statusCode}`;
    const request = requestId ? ` RequestId ${requestId}` : '';
    super(`${fields.action} ${where} failed: ${code}${status}${request}: ${detail}`);
    this.kind = fields.kind;
    this.action = fields.action;
    this.region = fields.region;
    this.instanceId = fields.instanceId;
    this.code = code;
    this.statusCode = fields.statusCode;
    this.requestId = requestId;
    this.retryAfterMs = fields.retryAfterMs;
    this.attempts = fields.attempts ?? 1;
    this.detail = detail;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  /** A copy that records how many attempts were made. */
  withAttempts(attempts: number): ApiError {
    return new ApiError({ ...this, message: this.detail, attempts });
  }
}
