import { ApiError, type ApiErrorKind } from '../errors.js';
import { CredentialError } from './credential-error.js';
import { ProxyError } from './proxy-error.js';
import type { ActionName } from './actions.js';

/**
 * The one place where whatever a call can throw becomes an ApiError with a kind.
 *
 * What @alicloud/openapi-core 1.0.8 really throws (checked against a local server):
 * - HTTP 400-599 with a JSON body: ThrottlingError (the body's Code contains "Throttling", any
 *   status; `retryAfter` from the x-acs-retry-after header, in milliseconds as darabonba uses it),
 *   else ClientError (4xx) or ServerError (5xx). All carry code, statusCode, requestId and `data`
 *   (the parsed body). A missing Code or RequestId arrives as the string "undefined".
 * - A body that is not JSON (empty 500, HTML 502, HTML 200): a plain SyntaxError, no status. The
 *   transport learns the status on its own (response-status-watch.ts) and passes it in.
 * - No answer: httpx's Error named RequestTimeoutError, message "ConnectTimeout: ..." when the
 *   socket idles past connectTimeout, "ReadTimeout(ms). ..." when readTimeout passes first.
 * - Connection refused/reset, DNS failure: Node's system errors (code ECONNREFUSED, ECONNRESET,
 *   ENOTFOUND, EAI_AGAIN, ...). A body cut off by the read timer surfaces as ECONNRESET "aborted",
 *   indistinguishable from a server closing mid-body, so it counts as a network error.
 * - HTTP 200 never throws: see classifyResponseBody.
 * - Through a proxy, a tunnel the proxy did not open: our ProxyError (proxy-tunnel-agent.ts).
 */

/** Where the failed call went; names the action and target in the error message. */
export interface ErrorContext {
  action: ActionName;
  region: string;
  instanceId?: string | undefined;
}

/** Our codes, for failures the API did not name. */
export const NETWORK_ERROR_CODE = 'NetworkError';
export const TIMEOUT_ERROR_CODE = 'Timeout';
export const INVALID_RESPONSE_CODE = 'InvalidResponse';
export const CREDENTIAL_ERROR_CODE = 'CredentialError';
export const UNEXPECTED_ERROR_CODE = 'UnexpectedError';
export const PROXY_ERROR_CODE = 'ProxyError';

/** Exact API codes that mean "you may not", never fixed by retrying. */
const AUTH_CODES: ReadonlySet<string> = new Set([
  'NoPrivilege',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  // openapi-core's own code when no credential is configured at all.
  'InvalidCredentials',
]);
/** Code prefixes of the same family (InvalidAccessKeyId.NotFound, InvalidTimeStamp.Expired, ...). */
const AUTH_CODE_PREFIXES = ['InvalidAccessKeyId', 'InvalidTimeStamp', 'InvalidSecurityToken', 'Forbidden'];
const SERVER_CODES: ReadonlySet<string> = new Set(['SystemError', 'InternalError']);
const HTTP_SERVER_ERROR_MIN = 500;
const HTTP_CLIENT_ERROR_MIN = 400;
/** System error codes that mean "gave up waiting", from Node or from HTTP clients. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
/** openapi-core's error classes (AlibabaCloudError family), recognised by name across copies of the package. */
const OPENAPI_ERROR_NAMES: ReadonlySet<string> = new Set(['ThrottlingError', 'ClientError', 'ServerError', 'AlibabaCloudError']);
/** How much of an unexpected body or value an error message quotes. */
const DESCRIBE_MAX_CHARS = 80;

/** What the transport itself saw of a failed call, beyond what was thrown. */
export interface ObservedCall {
  /**
   * The HTTP status of the answer, when one came. It decides for a body that is not JSON: 5xx is
   * a server error and retried, 4xx a client error, 200 an invalid response.
   */
  responseStatus?: number | undefined;
  /** The credential values that signed the call: never shown, whatever the API quotes. */
  knownSecrets?: readonly string[] | undefined;
}

/** Maps anything a transport call threw to an ApiError. An ApiError passes through unchanged. */
export function classifyError(error: unknown, context: ErrorContext, observed: ObservedCall = {}): ApiError {
  if (error instanceof ApiError) return error;
  const { responseStatus, knownSecrets } = observed;
  const base = { action: context.action, region: context.region, instanceId: context.instanceId, knownSecrets };

  if (error instanceof CredentialError) {
    return new ApiError({ ...base, kind: 'auth', code: CREDENTIAL_ERROR_CODE, message: error.message });
  }
  if (error instanceof ProxyError) {
    // Retried like a network error: a proxy restarting or overloaded comes back.
    return new ApiError({ ...base, kind: 'network', code: PROXY_ERROR_CODE, message: error.summary, statusCode: error.statusCode });
  }
  const response = asResponseError(error);
  if (response) {
    return new ApiError({
      ...base,
      kind: kindOfApiCode(response.code, response.statusCode),
      code: response.code ?? (response.statusCode === undefined ? UNEXPECTED_ERROR_CODE : `HTTP${response.statusCode}`),
      message: response.message,
      statusCode: response.statusCode,
      requestId: response.requestId,
      retryAfterMs: response.retryAfterMs,
    });
  }
  if (isErrorLike(error) && error.name === 'SyntaxError') {
    const message = `body is not JSON: ${error.message}`;
    if (responseStatus !== undefined && responseStatus >= HTTP_CLIENT_ERROR_MIN) {
      const kind = responseStatus >= HTTP_SERVER_ERROR_MIN ? 'server' : 'client';
      return new ApiError({ ...base, kind, code: `HTTP${responseStatus}`, message, statusCode: responseStatus });
    }
    return new ApiError({ ...base, kind: 'invalid-response', code: INVALID_RESPONSE_CODE, message, statusCode: responseStatus });
  }
  if (isTimeout(error)) {
    return new ApiError({ ...base, kind: 'timeout', code: TIMEOUT_ERROR_CODE, message: errorMessage(error) });
  }
  if (isNetworkCode(systemErrorCode(error))) {
    return new ApiError({ ...base, kind: 'network', code: NETWORK_ERROR_CODE, message: errorMessage(error) });
  }
  // A bug or something no layer expected: not retried, and visible under its own code.
  return new ApiError({ ...base, kind: 'client', code: UNEXPECTED_ERROR_CODE, message: errorMessage(error) });
}

/**
 * An HTTP 200 body is a failure when it is not a JSON object or says IsSuccess false (the API
 * then names the problem in Code, e.g. INSTANCE_NOT_EXIST). Returns undefined for a success.
 */
export function classifyResponseBody(body: unknown, context: ErrorContext, knownSecrets?: readonly string[]): ApiError | undefined {
  const base = { action: context.action, region: context.region, instanceId: context.instanceId, knownSecrets };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return new ApiError({ ...base, kind: 'invalid-response', code: INVALID_RESPONSE_CODE, message: `body is not a JSON object: ${describe(body)}` });
  }
  const fields = body as Record<string, unknown>;
  if (fields['IsSuccess'] !== false) return undefined;
  const code = nonEmptyString(fields['Code']);
  return new ApiError({
    ...base,
    kind: 'invalid-response',
    code: code ?? INVALID_RESPONSE_CODE,
    message: nonEmptyString(fields['Message']) ?? 'IsSuccess is false',
    statusCode: 200,
    requestId: nonEmptyString(fields['RequestId']),
  });
}

/** A validation failure of a successful body (e.g. Tasks is not an array). */
export function invalidResponseError(context: ErrorContext, message: string, body?: Record<string, unknown>): ApiError {
  return new ApiError({
    action: context.action,
    region: context.region,
    instanceId: context.instanceId,
    kind: 'invalid-response',
    code: INVALID_RESPONSE_CODE,
    message,
    requestId: body ? nonEmptyString(body['RequestId']) : undefined,
  });
}

/** Throttling codes first (they may come with any status); then every 5xx is a server error, whatever its code. */
function kindOfApiCode(code: string | undefined, statusCode: number | undefined): ApiErrorKind {
  if (code !== undefined && (code.includes('Throttling') || code === 'ServiceUnavailable')) return 'throttling';
  if (statusCode !== undefined && statusCode >= HTTP_SERVER_ERROR_MIN) return 'server';
  if (code !== undefined) {
    if (AUTH_CODES.has(code) || AUTH_CODE_PREFIXES.some((prefix) => code.startsWith(prefix))) return 'auth';
    if (SERVER_CODES.has(code)) return 'server';
  }
  if (statusCode !== undefined && statusCode >= HTTP_CLIENT_ERROR_MIN) return 'client';
  // openapi-core's own refusals before sending (ParameterMissing), or an odd status: not retried.
  return 'client';
}

interface ResponseErrorFields {
  code: string | undefined;
  statusCode: number | undefined;
  requestId: string | undefined;
  retryAfterMs: number | undefined;
  message: string;
}

/**
 * openapi-core's ThrottlingError/ClientError/ServerError: an HTTP status with the body's fields,
 * or no status for openapi-core's own refusals before sending (InvalidCredentials).
 */
function asResponseError(error: unknown): ResponseErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as Record<string, unknown>;
  const rawStatus = fields['statusCode'];
  const statusCode = typeof rawStatus === 'number' && Number.isInteger(rawStatus) ? rawStatus : undefined;
  const named = typeof fields['name'] === 'string' && OPENAPI_ERROR_NAMES.has(fields['name']);
  if (statusCode === undefined && !named) return undefined;
  const data = typeof fields['data'] === 'object' && fields['data'] !== null ? (fields['data'] as Record<string, unknown>) : {};
  const retryAfter = fields['retryAfter'];
  return {
    code: nonEmptyString(fields['code']) ?? nonEmptyString(data['Code']),
    statusCode,
    requestId: nonEmptyString(fields['requestId']) ?? nonEmptyString(data['RequestId']),
    retryAfterMs: typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    message: nonEmptyString(data['Message']) ?? nonEmptyString(data['message']) ?? errorMessage(error),
  };
}

function isTimeout(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  if (error.name === 'RequestTimeoutError' || error.name === 'TimeoutError') return true;
  const code = systemErrorCode(error);
  return code !== undefined && TIMEOUT_CODES.has(code);
}

/** Node's system and TLS errors carry a string `code` (ECONNREFUSED, EAI_AGAIN, CERT_HAS_EXPIRED, ...). */
function systemErrorCode(error: unknown): string | undefined {
  if (!isErrorLike(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Checked by shape, not `instanceof Error`: Node's own errors (ECONNREFUSED) come from another
 * realm than code run in a vm context (jest), and instanceof would miss them there.
 */
function isErrorLike(value: unknown): value is { name: string; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields['name'] === 'string' && typeof fields['message'] === 'string';
}

/**
 * Socket-level failures: errno codes (ECONNREFUSED, ECONNRESET, ENOTFOUND, EAI_AGAIN, EPIPE, ...)
 * and TLS failures. Node's ERR_* codes are programming errors (ERR_INVALID_URL), not the network.
 */
function isNetworkCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  if (/^ERR_(TLS|SSL)_/.test(code)) return true;
  if (code.startsWith('ERR_')) return false;
  return /^E[A-Z0-9_]+$/.test(code) || /CERT|SELF_SIGNED|UNABLE_TO_/.test(code);
}

/** openapi-core writes absent fields as the string "undefined". */
function nonEmptyString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'undefined' || trimmed === 'null' ? undefined : trimmed;
}

function errorMessage(error: unknown): string {
  if (isErrorLike(error)) {
    const code = systemErrorCode(error);
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return describe(error);
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > DESCRIBE_MAX_CHARS ? `${text.slice(0, DESCRIBE_MAX_CHARS)}...` : text;
}
