/**
 * Test helper: calls the simulator through the REAL client (@alicloud/openapi-core callApi over
 * HTTP), with the Params the generated SDK @alicloud/cr20181201 uses.
 */
import openapi from '@alicloud/openapi-core';
import * as dara from '@darabonba/typescript';
import { ACTIONS, API_VERSION } from '../../src/api/actions.js';
import type { SimCredential } from '../../src/simulator/index.js';

export interface CallOptions {
  /** ms; also used as connectTimeout (openapi-core's socket idle timeout). @default 5000 */
  timeoutMs?: number;
  /** Extra request headers; they override the client's own (e.g. a fixed x-acs-signature-nonce). */
  headers?: Record<string, string>;
  /** x-acs-version to send. @default API_VERSION */
  version?: string;
}

export interface CallResult {
  statusCode: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** What a failed call threw, with the fields openapi-core's errors carry. */
export interface CallFailure {
  name: string;
  code?: string;
  statusCode?: number;
  message: string;
  retryAfter?: number;
  data?: Record<string, unknown>;
}

export async function callApi(
  endpoint: string,
  /** An STS key comes with its securityToken (sent as x-acs-security-token). */
  credential: SimCredential & { securityToken?: string },
  action: string,
  query: Record<string, string | number> = {},
  options: CallOptions = {},
): Promise<CallResult> {
  const timeout = options.timeoutMs ?? 5000;
  const client = new openapi.default(
    new openapi.$OpenApiUtil.Config({
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      ...(credential.securityToken === undefined ? {} : { securityToken: credential.securityToken }),
      endpoint,
      protocol: 'http',
      readTimeout: timeout,
      connectTimeout: timeout,
    }),
  );
  const params = new openapi.$OpenApiUtil.Params({
    action,
    version: options.version ?? API_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: (ACTIONS as Record<string, string>)[action] ?? 'GET',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new openapi.$OpenApiUtil.OpenApiRequest({ query: stringify(query), headers: options.headers });
  const response = await client.callApi(params, request, new dara.RuntimeOptions({}));
  return response as CallResult;
}

/** The error a call threw (fails the test when the call succeeded). */
export async function callFailure(call: Promise<unknown>): Promise<CallFailure> {
  try {
    await call;
  } catch (error) {
    return error as CallFailure;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

function stringify(query: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
}
