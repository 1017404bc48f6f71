import type { FaultSpec } from './fault-injector.js';
import { BAD_GATEWAY_BODY, NON_JSON_BODY, errorBody, notSuccessBody } from './wire-response.js';

/** Messages the API sends with these codes. */
const MESSAGES: Readonly<Record<string, string>> = {
  Throttling: 'Request was denied due to request throttling.',
  'Throttling.User': 'Request was denied due to user flow control.',
  'Throttling.Api': 'Request was denied due to api flow control.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  NoPrivilege: 'Access is denied for the user.',
  SystemError: 'A system error occurred.',
  INSTANCE_NOT_EXIST: 'instance not exist.',
};

/** HTTP status per code when a fault gives none (ServiceUnavailable is 503 whichever kind sends it). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = { ServiceUnavailable: 503 };

/** What a fault may quote of the request it answers (signature-mismatch). */
export interface FaultRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A fault's answer on the wire. `body` undefined means no answer at all (timeout). */
export interface FaultAnswer {
  status: number;
  /** 'timeout', the error code, or for bodies without a code the fault kind (non-json, empty-500, html-502). */
  code: string;
  contentType?: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const JSON_TYPE = 'application/json;charset=utf-8';
const HTML_TYPE = 'text/html;charset=utf-8';

export function faultAnswer(spec: FaultSpec, requestId: string, host: string, request: FaultRequest): FaultAnswer {
  const apiError = (defaultCode: string, defaultStatus: number): FaultAnswer => {
    const code = spec.code ?? defaultCode;
    return {
      status: spec.status ?? STATUS_BY_CODE[code] ?? defaultStatus,
      code,
      contentType: JSON_TYPE,
      headers: {},
      body: JSON.stringify(errorBody(requestId, host, code, MESSAGES[code] ?? `Simulated ${spec.kind} fault.`)),
    };
  };
  switch (spec.kind) {
    case 'throttling': {
      const answer = apiError('Throttling.User', 400);
      if (spec.retryAfterMs !== undefined) answer.headers['x-acs-retry-after'] = String(spec.retryAfterMs);
      return answer;
    }
    case 'forbidden':
      return apiError('NoPrivilege', 403);
    case 'server-error':
      return apiError('SystemError', 500);
    case 'not-success': {
      const code = spec.code ?? 'INSTANCE_NOT_EXIST';
      const body = notSuccessBody(requestId, code, MESSAGES[code] ?? 'Simulated not-success fault.');
      return { status: spec.status ?? 200, code, contentType: JSON_TYPE, headers: {}, body: JSON.stringify(body) };
    }
    case 'non-json':
      return { status: spec.status ?? 200, code: 'non-json', contentType: HTML_TYPE, headers: {}, body: NON_JSON_BODY };
    case 'empty-500':
      return { status: spec.status ?? 500, code: 'empty-500', headers: {}, body: '' };
    case 'html-502':
      return { status: spec.status ?? 502, code: 'html-502', contentType: HTML_TYPE, headers: {}, body: BAD_GATEWAY_BODY };
    case 'timeout':
      return { status: 0, code: 'timeout', headers: {}, body: undefined };
    case 'signature-mismatch': {
      const code = spec.code ?? 'SignatureDoesNotMatch';
      const body = errorBody(requestId, host, code, requestEchoMessage(request));
      return { status: spec.status ?? 400, code, contentType: JSON_TYPE, headers: {}, body: JSON.stringify(body) };
    }
    case 'latency':
    case 'insert-task':
    case 'list-null':
      throw new TypeError(`a ${spec.kind} fault does not decide the answer`);
  }
}

/**
 * What a gateway that echoes too much says: the caller's AccessKeyId, security token, signature
 * and Authorization header in the words of a message, then the request it signed, headers and all.
 */
function requestEchoMessage(request: FaultRequest): string {
  const header = (name: string): string => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const authorization = header('authorization');
  const signature = /Signature=([0-9a-fA-F]+)/.exec(authorization)?.[1] ?? '';
  const accessKeyId = /Credential=([^,]+)/.exec(authorization)?.[1] ?? '';
  const token = header('x-acs-security-token');
  const headerLines = Object.keys(request.headers)
    .sort()
    .map((name) => `${name}:${header(name)}`)
    .join('\n');
  return (
    `Specified signature ${signature} of AccessKeyId ${accessKeyId} with security token ${token} does not match our calculation. ` +
    `Authorization: ${authorization}. server string to sign is:${request.method}\n${request.url}\n${headerLines}`
  );
}
