import { describe, it, expect } from '@jest/globals';
import openapi from '@alicloud/openapi-core';
import { ApiError } from '../../src/errors.js';
import { classifyError, classifyResponseBody, invalidResponseError } from '../../src/api/classify-error.js';
import { CredentialError } from '../../src/api/credential-error.js';
import { ProxyError } from '../../src/api/proxy-error.js';

const context = { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-1' } as const;

/** Builds what openapi-core throws for an HTTP error with a JSON body (see its doRequest). */
function openApiError(kind: 'ThrottlingError' | 'ClientError' | 'ServerError', statusCode: number, body: Record<string, unknown>, retryAfter?: number) {
  const fields = {
    statusCode,
    code: `${body['Code']}`,
    message: `code: ${statusCode}, ${body['Message']} request id: ${body['RequestId']}`,
    data: body,
    requestId: `${body['RequestId']}`,
    retryAfter,
  };
  return new openapi[kind](fields);
}

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  it('classifies a ProxyError as a retryable network failure with code ProxyError, from its summary (not the message httpx appended to)', () => {
    const proxyError = new ProxyError('http://proxy:3128', 'cr.cn-hangzhou.aliyuncs.com:443', 'refused the tunnel with HTTP 407 Proxy Authentication Required', 407);
    proxyError.message += 'GET https://cr.cn-hangzhou.aliyuncs.com/?Action=x failed.';

    const error = classifyError(proxyError, context);

    expect(error).toMatchObject({ kind: 'network', code: 'ProxyError', statusCode: 407, retryable: true });
    expect(error.detail).toBe('proxy http://proxy:3128 refused the tunnel with HTTP 407 Proxy Authentication Required (CONNECT cr.cn-hangzhou.aliyuncs.com:443)');
  });

  it.each([
    ['Throttling', 400],
    ['Throttling.User', 400],
    ['Throttling.Api', 400],
  ])('classifies %s (HTTP %i) as throttling, with the retry-after in ms', (code, status) => {
    const error = classifyError(openApiError('ThrottlingError', status, { Code: code, RequestId: 'req-1', Message: 'slow down' }, 1500), context);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('throttling');
    expect(error.code).toBe(code);
    expect(error.statusCode).toBe(status);
    expect(error.requestId).toBe('req-1');
    expect(error.retryAfterMs).toBe(1500);
    expect(error.retryable).toBe(true);
  });

  it('classifies ServiceUnavailable as throttling, whatever the status', () => {
    expect(classifyError(openApiError('ServerError', 503, { Code: 'ServiceUnavailable', RequestId: 'r' }), context).kind).toBe('throttling');
    expect(classifyError(openApiError('ServerError', 500, { Code: 'ServiceUnavailable', RequestId: 'r' }), context).kind).toBe('throttling');
  });

  it('classifies 5xx and SystemError as server errors', () => {
    const systemErrorResponse = classifyError(openApiError('ServerError', 500, { Code: 'SystemError', RequestId: 'req-5', Message: 'A system error occurred.' }), context);
    const gatewayError = classifyError(openApiError('ServerError', 502, { Code: 'BadGateway', RequestId: 'r' }), context);

    expect(systemErrorResponse).toMatchObject({ kind: 'server', code: 'SystemError', statusCode: 500, requestId: 'req-5', detail: 'A system error occurred.' });
    expect(gatewayError.kind).toBe('server');
    expect(systemErrorResponse.retryable).toBe(true);
  });

  it.each([
    ['NoPrivilege', 403],
    ['InvalidAccessKeyId.NotFound', 404],
    ['InvalidAccessKeyId.Inactive', 400],
    ['SignatureDoesNotMatch', 400],
    ['InvalidTimeStamp.Expired', 400],
    ['Forbidden.RAM', 403],
    ['Forbidden', 403],
    ['InvalidSecurityToken.Expired', 400],
  ])('classifies %s (HTTP %i) as auth, never retried', (code, status) => {
    const error = classifyError(openApiError('ClientError', status, { Code: code, RequestId: 'req-a' }), context);

    expect(error.kind).toBe('auth');
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
  });

  it('classifies other 4xx as client errors', () => {
    const error = classifyError(openApiError('ClientError', 400, { Code: 'InvalidParameter', RequestId: 'r', Message: 'PageSize' }), context);

    expect(error).toMatchObject({ kind: 'client', code: 'InvalidParameter', statusCode: 400, retryable: false });
  });

  it('names a response without Code by its HTTP status and drops the "undefined" openapi-core writes', () => {
    const error = classifyError(openApiError('ServerError', 502, {}), context);

    expect(error.code).toBe('HTTP502');
    expect(error.requestId).toBeUndefined();
    expect(error.kind).toBe('server');
  });

  it('classifies a body that is not JSON (SyntaxError) as invalid-response', () => {
    let thrown: unknown;
    try {
      JSON.parse('<html>bad gateway</html>');
    } catch (error) {
      thrown = error;
    }

    const error = classifyError(thrown, context);

    expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', retryable: false });
    expect(error.statusCode).toBeUndefined();
  });

  it('classifies httpx connect and read timeouts as timeout', () => {
    const connect = Object.assign(new Error('ConnectTimeout: Connect http://127.0.0.1:1/ failed.'), { name: 'RequestTimeoutError' });
    const read = Object.assign(new Error('ReadTimeout(300). POST http://127.0.0.1:1/ failed.'), { name: 'RequestTimeoutError' });

    expect(classifyError(connect, context)).toMatchObject({ kind: 'timeout', code: 'Timeout', retryable: true });
    expect(classifyError(read, context)).toMatchObject({ kind: 'timeout', code: 'Timeout' });
    expect(classifyError(systemError('ETIMEDOUT', 'connect ETIMEDOUT'), context).kind).toBe('timeout');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'classifies %s as a network error',
    (code) => {
      const error = classifyError(systemError(code, `connect ${code} 127.0.0.1:1`), context);

      expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', retryable: true });
      expect(error.detail).toContain(code);
    },
  );

  it('classifies a credential provider failure as auth with code CredentialError', () => {
    const error = classifyError(new CredentialError(new Error('unable to get credentials from any of the providers in the chain')), context);

    expect(error).toMatchObject({ kind: 'auth', code: 'CredentialError', retryable: false });
    expect(error.detail).toContain('unable to get credentials');
  });

  it("classifies openapi-core's own InvalidCredentials (no credential at all) as auth", () => {
    const error = classifyError(new openapi.ClientError({ code: 'InvalidCredentials', message: 'Please set up the credentials correctly.' }), context);

    expect(error).toMatchObject({ kind: 'auth', code: 'InvalidCredentials' });
    expect(error.statusCode).toBeUndefined();
  });

  it('does not retry what no layer expected (a bug, a Node ERR_ code)', () => {
    expect(classifyError(new TypeError('x is undefined'), context)).toMatchObject({ kind: 'client', code: 'UnexpectedError' });
    expect(classifyError(systemError('ERR_INVALID_URL', 'Invalid URL'), context).code).toBe('UnexpectedError');
    expect(classifyError('a string', context).code).toBe('UnexpectedError');
  });

  it('passes an ApiError through unchanged', () => {
    const original = new ApiError({ kind: 'auth', action: 'ListInstance', region: 'r', code: 'NoPrivilege', message: 'no' });

    expect(classifyError(original, context)).toBe(original);
  });

  it('names the action, target, code, status and RequestId in the message', () => {
    const error = classifyError(openApiError('ClientError', 403, { Code: 'NoPrivilege', RequestId: 'req-9', Message: 'Access is denied.' }), context);

    expect(error.message).toBe('ListArtifactSubscriptionTask cn-hangzhou/cri-1 failed: NoPrivilege HTTP 403 RequestId req-9: Access is denied.');
    expect(error.action).toBe('ListArtifactSubscriptionTask');
    expect(error.instanceId).toBe('cri-1');
  });
});

describe('classifyResponseBody', () => {
  it('accepts a body with IsSuccess true or absent', () => {
    expect(classifyResponseBody({ IsSuccess: true, Code: 'success' }, context)).toBeUndefined();
    expect(classifyResponseBody({ RequestId: 'r' }, context)).toBeUndefined();
  });

  it('turns IsSuccess false into invalid-response with the body Code, Message and RequestId', () => {
    const error = classifyResponseBody({ IsSuccess: false, Code: 'INSTANCE_NOT_EXIST', Message: 'instance not exist', RequestId: 'req-2' }, context);

    expect(error).toMatchObject({ kind: 'invalid-response', code: 'INSTANCE_NOT_EXIST', requestId: 'req-2', statusCode: 200, detail: 'instance not exist' });
  });

  it('uses InvalidResponse when IsSuccess false comes without a Code', () => {
    expect(classifyResponseBody({ IsSuccess: false }, context)?.code).toBe('InvalidResponse');
  });

  it('rejects a body that is not a JSON object', () => {
    expect(classifyResponseBody([1, 2], context)?.code).toBe('InvalidResponse');
    expect(classifyResponseBody(null, context)?.kind).toBe('invalid-response');
    expect(classifyResponseBody('text', context)?.kind).toBe('invalid-response');
  });
});

describe('invalidResponseError', () => {
  it('carries the RequestId of the body that failed validation', () => {
    const error = invalidResponseError(context, 'Tasks is not an array (string)', { RequestId: 'req-7' });

    expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', requestId: 'req-7', detail: 'Tasks is not an array (string)' });
  });
});
