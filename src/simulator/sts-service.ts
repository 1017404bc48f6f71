import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessKeys } from './access-keys.js';
import { NonceCache } from './nonce-cache.js';
import type { MemoryRequestLog, RequestLogEntry } from './request-log.js';
import { MAX_CLOCK_SKEW_MS } from './request-authenticator.js';
import { RPC_SIGNATURE_METHOD, RPC_SIGNATURE_VERSION, rpcSignature, rpcStringToSign } from './rpc-signature.js';
import { SimulatedApiError } from './simulated-api-error.js';
import { errorBody, newRequestId } from './wire-response.js';

/** The STS API version AssumeRole belongs to. */
export const STS_API_VERSION = '2015-04-01';
/** STS' bounds on DurationSeconds: at least 900 s, at most the role's maximum session duration. */
const MIN_DURATION_SECONDS = 900;
const DEFAULT_MAX_SESSION_DURATION_SECONDS = 3600;
const DEFAULT_DURATION_SECONDS = 3600;
/** The largest AssumeRole request body read. */
const MAX_BODY_BYTES = 64 * 1024;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ROLE_ARN = /^acs:ram::(\d+):role\/(.+)$/;
const JSON_TYPE = 'application/json;charset=utf-8';

/** A RAM role the simulated STS lets accounts assume. */
export interface SimRole {
  /** acs:ram::<account>:role/<name>: calls signed with its keys act as <account>. */
  arn: string;
  /** Accounts whose keys may assume it (the trust policy's principals). */
  trustedAccounts: readonly string[];
  /** The sts:ExternalId the trust policy requires, if any. */
  externalId?: string;
  /** The role's MaxSessionDuration. @default 3600 */
  maxSessionDurationSeconds?: number;
}

export interface StsServiceContext {
  keys: AccessKeys;
  roles: readonly SimRole[];
  /** Wall time: Timestamp skew and the Expiration of issued keys. */
  wallClock: () => number;
  requests: MemoryRequestLog;
  log?: ((line: string) => void) | undefined;
}

/**
 * STS AssumeRole (RPC, version 2015-04-01) as @alicloud/credentials' RAM-role provider calls it:
 * POST with the common parameters in the query, RoleArn / RoleSessionName / DurationSeconds /
 * ExternalId in a form body, signed with HMAC-SHA1 (rpc-signature.ts) by a key the simulator
 * knows (a long-term key, or an STS key with its SecurityToken: role chaining). The answer's
 * Credentials are an STS key of the role's account, which the API then accepts (access-keys.ts).
 * Every call goes to the request log as action AssumeRole, region "sts".
 */
export function createStsHandler(context: StsServiceContext): (req: IncomingMessage, res: ServerResponse) => void {
  const nonces = new NonceCache();
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => answer(context, nonces, req, res, Buffer.concat(chunks).toString('utf8')));
  };
}

function answer(context: StsServiceContext, nonces: NonceCache, req: IncomingMessage, res: ServerResponse, body: string): void {
  const requestId = newRequestId();
  const host = req.headers.host ?? '';
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
  const form = new URLSearchParams(body);
  const entry: RequestLogEntry = { region: 'sts', action: query.get('Action') ?? '', status: 0, code: '' };
  const send = (status: number, payload: Record<string, unknown>, code: string): void => {
    res.writeHead(status, { 'content-type': JSON_TYPE, 'x-acs-request-id': requestId });
    res.end(JSON.stringify(payload));
    entry.status = status;
    entry.code = code;
    context.requests.record(entry);
    context.log?.(`${new Date().toISOString()} sts ${req.method ?? '-'} ${entry.action || '-'} key=${entry.accessKeyId ?? '-'} -> ${status} ${code}`);
  };
  try {
    const params = new Map<string, string>();
    for (const [key, value] of [...query, ...form]) if (key !== 'Signature') params.set(key, value);
    const caller = verify(context, nonces, req.method ?? 'GET', params, query.get('Signature') ?? '');
    entry.accessKeyId = caller.accessKeyId;
    if (params.get('Version') !== STS_API_VERSION) {
      throw new SimulatedApiError(400, 'InvalidVersion', `Specified parameter Version is not valid; STS is ${STS_API_VERSION}.`);
    }
    if (params.get('Action') !== 'AssumeRole') {
      throw new SimulatedApiError(404, 'InvalidAction.NotFound', `Specified api ${params.get('Action') ?? ''} is not found; the simulated STS has AssumeRole.`);
    }
    const issued = assumeRole(context, caller.account, params);
    entry.account = issued.account;
    send(200, assumeRoleBody(requestId, params, issued), 'success');
  } catch (error) {
    const failure = error instanceof SimulatedApiError ? error : new SimulatedApiError(500, 'InternalError', String(error));
    send(failure.status, errorBody(requestId, host, failure.code, failure.message), failure.code);
  }
}

/** The caller's key, once the RPC signature, the timestamp, the nonce and (for an STS key) the token check out. */
function verify(context: StsServiceContext, nonces: NonceCache, method: string, params: ReadonlyMap<string, string>, signature: string) {
  if (params.get('SignatureMethod') !== RPC_SIGNATURE_METHOD || params.get('SignatureVersion') !== RPC_SIGNATURE_VERSION) {
    throw new SimulatedApiError(400, 'InvalidSignatureMethod', `Use SignatureMethod ${RPC_SIGNATURE_METHOD}, SignatureVersion ${RPC_SIGNATURE_VERSION}.`);
  }
  const timestamp = params.get('Timestamp') ?? '';
  const timestampMs = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(timestampMs)) throw new SimulatedApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  if (Math.abs(timestampMs - context.wallClock()) > MAX_CLOCK_SKEW_MS) {
    throw new SimulatedApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
  const key = context.keys.require(params.get('AccessKeyId') ?? '');
  const toSign = rpcStringToSign(method, params);
  if (!sameText(rpcSignature(toSign, key.accessKeySecret), signature)) {
    throw new SimulatedApiError(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${toSign}`);
  }
  if (!nonces.remember(params.get('SignatureNonce') ?? '', context.wallClock())) {
    throw new SimulatedApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  context.keys.checkToken(key, params.get('SecurityToken'), context.wallClock());
  return key;
}

function assumeRole(context: StsServiceContext, callerAccount: string, params: ReadonlyMap<string, string>) {
  const roleArn = params.get('RoleArn');
  if (!roleArn) throw new SimulatedApiError(400, 'MissingRoleArn', 'RoleArn is mandatory for this action.');
  const sessionName = params.get('RoleSessionName');
  if (!sessionName) throw new SimulatedApiError(400, 'MissingRoleSessionName', 'RoleSessionName is mandatory for this action.');
  const role = context.roles.find((candidate) => candidate.arn === roleArn);
  const account = ROLE_ARN.exec(roleArn)?.[1];
  if (!role || account === undefined) throw new SimulatedApiError(404, 'EntityNotExist.Role', `The role not exists: ${roleArn}.`);
  if (!role.trustedAccounts.includes(callerAccount)) {
    throw new SimulatedApiError(403, 'NoPermission', `You are not authorized to do this action. You should be authorized by RAM (the trust policy of ${roleArn} does not name account ${callerAccount}).`);
  }
  if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) {
    throw new SimulatedApiError(403, 'NoPermission', `You are not authorized to do this action: the ExternalId does not match the trust policy of ${roleArn}.`);
  }
  const duration = Number(params.get('DurationSeconds') ?? DEFAULT_DURATION_SECONDS);
  const maximum = role.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_DURATION_SECONDS;
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > maximum) {
    throw new SimulatedApiError(400, 'InvalidParameter.DurationSeconds', `The DurationSeconds must be from ${MIN_DURATION_SECONDS} to ${maximum} (the role's MaxSessionDuration).`);
  }
  // STS states the expiry to the second.
  const expiresAtMs = Math.floor(context.wallClock() / 1000) * 1000 + duration * 1000;
  return context.keys.issue(account, roleArn, expiresAtMs);
}

function assumeRoleBody(requestId: string, params: ReadonlyMap<string, string>, issued: ReturnType<AccessKeys['issue']>): Record<string, unknown> {
  const [, account, roleName] = ROLE_ARN.exec(issued.roleArn) ?? [];
  const sessionName = params.get('RoleSessionName') ?? '';
  return {
    RequestId: requestId,
    AssumedRoleUser: { Arn: `acs:ram::${account}:assumed-role/${roleName}/${sessionName}`, AssumedRoleId: `3${issued.accessKeyId.slice(4, 20)}:${sessionName}` },
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      AccessKeySecret: issued.accessKeySecret,
      SecurityToken: issued.securityToken,
      Expiration: new Date(issued.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

function sameText(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
