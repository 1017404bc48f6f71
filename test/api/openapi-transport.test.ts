import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import credentials from '@alicloud/credentials';
import type { RegionConfig } from '../../src/config/types.js';
import { createOpenApiTransport } from '../../src/api/openapi-transport.js';
import { TEST_TIMEOUTS } from '../support/api-options.js';
import { ApiError } from '../../src/errors.js';
import { LocalHttpServer } from './local-http-server.js';

const ACCESS_KEY_ID = 'test-key-id';

function accessKey(id = ACCESS_KEY_ID): InstanceType<typeof credentials.default> {
  return new credentials.default(new credentials.Config({ type: 'access_key', accessKeyId: id, accessKeySecret: 'test-secret' }));
}

describe('createOpenApiTransport', () => {
  const server = new LocalHttpServer();
  let regions: RegionConfig[];

  beforeAll(async () => {
    await server.start();
    regions = [{ id: 'cn-hangzhou', endpoint: server.endpoint, protocol: 'http', instances: undefined }];
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.received.length = 0;
    server.handler = (_, response) => LocalHttpServer.json(response, 200, { IsSuccess: true, Code: 'success', RequestId: 'req-ok', TotalCount: 0 });
  });

  it('sends an RPC call like the generated SDK: method per action, version, string query, ACS3 signature', async () => {
    const transport = createOpenApiTransport({ regions, connectTimeoutMs: 2_000, readTimeoutMs: 2_000, credential: accessKey() });

    const body = await transport.call('ListArtifactSubscriptionTask', { InstanceId: 'cri-1', PageNo: 2, PageSize: 100 }, { region: 'cn-hangzhou', instanceId: 'cri-1' });
    await transport.call('ListInstance', { PageNo: 1, PageSize: 100 }, { region: 'cn-hangzhou' });

    expect(body).toEqual({ IsSuccess: true, Code: 'success', RequestId: 'req-ok', TotalCount: 0 });
    const [list, instances] = server.received;
    expect(list?.method).toBe('GET');
    expect(instances?.method).toBe('POST');
    expect(Object.fromEntries(list?.url.searchParams ?? [])).toEqual({ InstanceId: 'cri-1', PageNo: '2', PageSize: '100' });
    expect(list?.headers['x-acs-action']).toBe('ListArtifactSubscriptionTask');
    expect(list?.headers['x-acs-version']).toBe('2018-12-01');
    expect(list?.headers['host']).toBe(server.endpoint);
    expect(list?.headers['authorization']).toMatch(new RegExp(`^ACS3-HMAC-SHA256 Credential=${ACCESS_KEY_ID},SignedHeaders=.*x-acs-action.*,Signature=[0-9a-f]{64}$`));
  });

  it('turns HTTP 200 with IsSuccess false into invalid-response with the body Code', async () => {
    server.handler = (_, response) => LocalHttpServer.json(response, 200, { IsSuccess: false, Code: 'INSTANCE_NOT_EXIST', Message: 'instance not exist', RequestId: 'req-ns' });
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListArtifactSubscriptionTask', { InstanceId: 'cri-x' }, { region: 'cn-hangzhou', instanceId: 'cri-x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'INSTANCE_NOT_EXIST', requestId: 'req-ns', instanceId: 'cri-x' });
  });

  it('classifies API errors with status, code, RequestId and retry-after', async () => {
    server.handler = (_, response) =>
      LocalHttpServer.json(response, 400, { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'req-t' }, { 'x-acs-retry-after': '1500' });
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'throttling', code: 'Throttling.User', statusCode: 400, requestId: 'req-t', retryAfterMs: 1500 });
  });

  it.each([
    [502, 'text/html', '<html>Bad Gateway</html>'],
    [500, 'text/plain', ''],
    [503, 'text/html', '<html>Service Unavailable</html>'],
  ])('classifies an HTTP %i whose body is not JSON as a retryable server error with its status', async (status, type, text) => {
    server.handler = (_, response) => {
      response.writeHead(status, { 'content-type': type });
      response.end(text);
    };
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'server', code: `HTTP${status}`, statusCode: status, retryable: true });
  });

  it('classifies a 4xx whose body is not JSON as a client error, and a 200 HTML page as invalid-response', async () => {
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });
    server.handler = (_, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html>Not Found</html>');
    };
    const notFound = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);
    server.handler = (_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>Please sign in</html>');
    };
    const portal = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(notFound).toMatchObject({ kind: 'client', code: 'HTTP404', statusCode: 404, retryable: false });
    expect(portal).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', statusCode: 200, retryable: false });
  });

  it.each([
    ['Tasks null with TotalCount 3', { Tasks: null, TotalCount: 3 }],
    ['Tasks an object', { Tasks: { Task: [] }, TotalCount: 1 }],
    ['Tasks absent with TotalCount absent', {}],
  ])('rejects a 200 whose list is not an array (%s) as invalid-response', async (_name, fields) => {
    server.handler = (_, response) => LocalHttpServer.json(response, 200, { IsSuccess: true, Code: 'success', RequestId: 'req-shape', ...fields });
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListArtifactSubscriptionTask', { InstanceId: 'cri-1' }, { region: 'cn-hangzhou', instanceId: 'cri-1' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'invalid-response', code: 'InvalidResponse', requestId: 'req-shape' });
    expect((error as ApiError).detail).toMatch(/^Tasks is not an array/);
  });

  it('removes the signing key from whatever the API quotes, whatever its shape', async () => {
    server.handler = (_, response) =>
      LocalHttpServer.json(response, 400, { Code: 'SignatureDoesNotMatch', Message: `key ${ACCESS_KEY_ID} / secret test-secret rejected`, RequestId: 'req-q' });
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'auth', code: 'SignatureDoesNotMatch', detail: 'key [redacted] / secret [redacted] rejected' });
    expect((error as ApiError).message).not.toContain(ACCESS_KEY_ID);
  });

  it('classifies no answer within readTimeoutMs as a timeout', async () => {
    server.handler = () => undefined; // never answers
    const transport = createOpenApiTransport({ regions, connectTimeoutMs: 2_000, readTimeoutMs: 150, credential: accessKey() });

    const startedAt = Date.now();
    const error = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'timeout', code: 'Timeout' });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('times out a request on a reused keep-alive connection after its own readTimeoutMs', async () => {
    // The first request's read timer used to outlive its response and, when it fired, clear the
    // timer of the request then using the socket; the second call only failed at the socket idle
    // timeout (connectTimeoutMs).
    let calls = 0;
    server.handler = (_, response) => {
      calls += 1;
      if (calls === 1) LocalHttpServer.json(response, 200, { IsSuccess: true, RequestId: 'req-1', TotalCount: 0 });
      // the second call gets no answer
    };
    const transport = createOpenApiTransport({ regions, connectTimeoutMs: 5_000, readTimeoutMs: 400, credential: accessKey() });
    await transport.call('ListInstance', {}, { region: 'cn-hangzhou' });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const startedAt = Date.now();
    const error = await transport.call('ListInstance', {}, { region: 'cn-hangzhou' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'timeout', code: 'Timeout' });
    expect((error as ApiError).detail).toContain('ReadTimeout');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('classifies a closed port as a network error', async () => {
    const closed = new LocalHttpServer();
    await closed.start();
    const endpoint = closed.endpoint;
    await closed.close();
    const transport = createOpenApiTransport({ regions: [{ id: 'cn-gone', endpoint, protocol: 'http', instances: undefined }], ...TEST_TIMEOUTS, credential: accessKey() });

    const error = await transport.call('ListInstance', {}, { region: 'cn-gone' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', region: 'cn-gone' });
    expect((error as ApiError).detail).toContain('ECONNREFUSED');
  });

  it('fails a region that is not configured without a request', async () => {
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: accessKey() });

    await expect(transport.call('ListInstance', {}, { region: 'us-west-1' })).rejects.toMatchObject({ kind: 'client', code: 'UnknownRegion' });
    expect(server.received).toHaveLength(0);
  });

  it('maps a credential provider failure to auth/CredentialError without a request', async () => {
    const failing = new credentials.default(null, {
      getProviderName: () => 'failing',
      getCredentials: async () => {
        throw new Error('unable to get credentials from any of the providers in the chain');
      },
    });
    const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS, credential: failing });

    await expect(transport.call('ListInstance', {}, { region: 'cn-hangzhou' })).rejects.toMatchObject({ kind: 'auth', code: 'CredentialError' });
    expect(server.received).toHaveLength(0);
  });

  it('uses the default credential chain when none is given, created at the first call', async () => {
    const saved = { id: process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'], secret: process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] };
    try {
      const transport = createOpenApiTransport({ regions, ...TEST_TIMEOUTS });
      process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] = 'env-key-id';
      process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = 'env-secret';

      await transport.call('ListInstance', {}, { region: 'cn-hangzhou' });

      expect(server.received[0]?.headers['authorization']).toContain('Credential=env-key-id,');
    } finally {
      restoreEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', saved.id);
      restoreEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', saved.secret);
    }
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
