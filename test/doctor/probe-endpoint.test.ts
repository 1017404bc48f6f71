/**
 * probeEndpoint against real listeners on 127.0.0.1: plain HTTP with a server clock set off, TLS
 * with a certificate nobody trusts, TLS trusted through NODE_EXTRA_CA_CERTS (in a child process,
 * since Node reads that variable at start), a closed port and a name that does not resolve.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { endpointAddress, probeEndpoint, type EndpointProbe } from '../../src/doctor/probe-endpoint.js';
import { parseProxyUrl } from '../../src/config/proxy-url.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';

const TIMEOUTS = { connectTimeoutMs: 2_000, readTimeoutMs: 3_000, proxy: undefined };
const SERVER_AHEAD_MS = 7 * 60_000;
const BUILT_PROBE = fileURLToPath(new URL('../../dist/doctor/probe-endpoint.js', import.meta.url));

let ca: TestCa;
let httpServer: Server;
let httpsServer: Server;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(() => {
  ca = createTestCa();
  // Answers like the API to an unsigned request: an error status, and the server's clock in Date.
  httpServer = createHttpServer((_req, res) => {
    res.setHeader('Date', new Date(Date.now() + SERVER_AHEAD_MS).toUTCString());
    res.writeHead(400).end('{"Code":"MissingAuthorization"}');
  });
  const { cert, key } = ca.issue('endpoint');
  httpsServer = createHttpsServer({ cert: readPem(cert), key: readPem(key) }, (_req, res) => res.writeHead(404).end());
});

afterAll(async () => {
  await Promise.all([httpServer, httpsServer].filter((server) => server.listening).map(close));
  ca.remove();
});

describe('endpointAddress', () => {
  it('takes the port from the endpoint, or the protocol default', () => {
    expect(endpointAddress({ endpoint: 'cr.cn-hangzhou.aliyuncs.com', protocol: 'https' })).toEqual({ host: 'cr.cn-hangzhou.aliyuncs.com', port: 443 });
    expect(endpointAddress({ endpoint: '127.0.0.1:8080', protocol: 'http' })).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(endpointAddress({ endpoint: '[::1]:9000', protocol: 'http' })).toEqual({ host: '::1', port: 9000 });
  });
});

describe('probeEndpoint', () => {
  it('measures DNS, the connection and the Date of a plain HTTP answer', async () => {
    const port = await listen(httpServer);
    const probe = await probeEndpoint({ endpoint: `127.0.0.1:${port}`, protocol: 'http' }, TIMEOUTS);

    expect(probe.dns).toMatchObject({ addresses: ['127.0.0.1'] });
    expect(probe.connection).toMatchObject({ address: '127.0.0.1', tls: undefined });
    expect(probe.answer?.status).toBe(400);
    const serverMs = Date.parse(probe.answer?.dateHeader ?? '');
    expect(serverMs - (probe.answer?.receivedAtMs ?? 0)).toBeGreaterThan(SERVER_AHEAD_MS - 2_000);
  });

  it('goes through the proxy the API requests take: a CONNECT tunnel, no local DNS', async () => {
    const port = httpServer.listening ? (httpServer.address() as AddressInfo).port : await listen(httpServer);
    const connectProxy = await startConnectProxy();
    try {
      const parsed = parseProxyUrl(connectProxy.url, { schemeOptional: false });
      if (!parsed.ok) throw new Error(parsed.problem);
      const probe = await probeEndpoint({ endpoint: `127.0.0.1:${port}`, protocol: 'http' }, { ...TIMEOUTS, proxy: parsed.proxy });

      expect(connectProxy.connects.map((connect) => connect.target)).toEqual([`127.0.0.1:${port}`]);
      expect(probe.proxy).toBe(connectProxy.url);
      expect(probe.dns).toBeUndefined();
      expect(probe.answer?.status).toBe(400);
      expect(Date.parse(probe.answer?.dateHeader ?? '') - (probe.answer?.receivedAtMs ?? 0)).toBeGreaterThan(SERVER_AHEAD_MS - 2_000);
    } finally {
      await connectProxy.close();
    }
  });

  it('reports a proxy that refuses the tunnel as a failed connection', async () => {
    const connectProxy = await startConnectProxy({ refuseWith: 403 });
    try {
      const parsed = parseProxyUrl(connectProxy.url, { schemeOptional: false });
      if (!parsed.ok) throw new Error(parsed.problem);
      const probe = await probeEndpoint({ endpoint: 'cr.cn-hangzhou.aliyuncs.com', protocol: 'https' }, { ...TIMEOUTS, proxy: parsed.proxy });

      expect(probe.connection).toEqual({ error: expect.stringContaining('refused the tunnel with HTTP 403') });
      expect(probe.answer).toBeUndefined();
    } finally {
      await connectProxy.close();
    }
  });

  it('reports a certificate nobody trusts as a connection failure with its code', async () => {
    const port = await listen(httpsServer);
    const probe = await probeEndpoint({ endpoint: `127.0.0.1:${port}`, protocol: 'https' }, TIMEOUTS);

    expect(probe.answer).toBeUndefined();
    expect(probe.connection).toEqual({ error: expect.stringMatching(/^TCP connected in \d+ ms, then UNABLE_TO_VERIFY_LEAF_SIGNATURE/) });
  });

  it('reads the TLS version and the certificate of a trusted endpoint', async () => {
    const port = httpsServer.listening ? (httpsServer.address() as AddressInfo).port : await listen(httpsServer);
    const script = `import(${JSON.stringify(BUILT_PROBE)}).then(async ({ probeEndpoint }) => {
      const probe = await probeEndpoint({ endpoint: '127.0.0.1:${port}', protocol: 'https' }, ${JSON.stringify(TIMEOUTS)});
      process.stdout.write(JSON.stringify(probe));
    })`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: ca.caCert } });
    const probe = JSON.parse(stdout) as EndpointProbe;

    expect(probe.answer?.status).toBe(404);
    expect(probe.connection).toMatchObject({ tls: { version: expect.stringMatching(/^TLSv1\.[23]$/), subject: 'endpoint', issuer: 'test CA' } });
    const validToMs = probe.connection && 'tls' in probe.connection ? (probe.connection.tls?.validToMs ?? 0) : 0;
    expect(validToMs - Date.now()).toBeGreaterThan(24 * 60 * 60_000); // the test CA issues for 2 days
  });

  it('reports a refused connection', async () => {
    const closed = createHttpServer();
    const port = await listen(closed);
    await close(closed);
    const probe = await probeEndpoint({ endpoint: `127.0.0.1:${port}`, protocol: 'http' }, TIMEOUTS);

    expect(probe.connection).toEqual({ error: expect.stringContaining('ECONNREFUSED') });
    expect(probe.answer).toBeUndefined();
  });

  it('gives up on an endpoint that accepts the connection and never answers', async () => {
    const silent = createHttpServer(() => {});
    const port = await listen(silent);
    try {
      const probe = await probeEndpoint({ endpoint: `127.0.0.1:${port}`, protocol: 'http' }, { connectTimeoutMs: 2_000, readTimeoutMs: 300, proxy: undefined });

      expect(probe.connection).toEqual({ error: expect.stringMatching(/^TCP connected in \d+ ms, then no answer within 300 ms$/) });
      expect(probe.answer).toBeUndefined();
    } finally {
      silent.closeAllConnections();
      await close(silent);
    }
  });

  it('stops at a name that does not resolve', async () => {
    const probe = await probeEndpoint({ endpoint: 'cr.doctor-test.invalid', protocol: 'https' }, TIMEOUTS);

    expect(probe.dns).toEqual({ error: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
    expect(probe.connection).toBeUndefined();
  });
});
