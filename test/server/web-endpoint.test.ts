import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import bcrypt from 'bcryptjs';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import { WebEndpoint } from '../../src/server/web-endpoint.js';
import type { WebSettings } from '../../src/server/web-config.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let first: { cert: string; key: string };
let second: { cert: string; key: string };
let client: { cert: string; key: string };
let hash: string;
const started: { server: RunningServer; endpoint: WebEndpoint }[] = [];

beforeAll(async () => {
  ca = createTestCa();
  first = ca.issue('first');
  second = ca.issue('second');
  client = ca.issue('client', { client: true });
  hash = await bcrypt.hash('secret', 4);
});
afterAll(() => ca.remove());
afterEach(async () => {
  for (const { server, endpoint } of started.splice(0)) {
    endpoint.unwatch();
    await server.close();
  }
});

/** The served cert and key live at fixed paths, so rotating is copying other files over them. */
const CERT = () => join(ca.dir, 'tls.crt');
const KEY = () => join(ca.dir, 'tls.key');
const WEB_CONFIG = () => join(ca.dir, 'web.yml');

interface Events {
  reloaded: Promise<WebSettings>;
  failed: Promise<string>;
}

async function serve(yaml: string): Promise<{ server: RunningServer; endpoint: WebEndpoint; next: () => Events }> {
  copyFileSync(first.cert, CERT());
  copyFileSync(first.key, KEY());
  writeFileSync(WEB_CONFIG(), yaml);
  let onReloaded: (settings: WebSettings) => void = () => {};
  let onReloadFailed: (error: string) => void = () => {};
  const endpoint = await WebEndpoint.load(WEB_CONFIG(), { onReloaded: (s) => onReloaded(s), onReloadFailed: (e) => onReloadFailed(e) });
  const server = await listen((_request, response) => response.end('ok'), { host: '127.0.0.1', port: 0 }, endpoint);
  started.push({ server, endpoint });
  const next = (): Events => ({
    reloaded: new Promise((resolve) => (onReloaded = resolve)),
    failed: new Promise((resolve) => (onReloadFailed = resolve)),
  });
  return { server, endpoint, next };
}

interface Answer {
  status: number | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  peer: PeerCertificate;
}

function get(url: string, options: { auth?: string; clientCert?: { cert: string; key: string } } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: readPem(ca.caCert),
        agent: false,
        ...(options.auth === undefined ? {} : { auth: options.auth }),
        ...(options.clientCert === undefined ? {} : { cert: readPem(options.clientCert.cert), key: readPem(options.clientCert.key) }),
      },
      (response) => {
        const peer = (response.socket as TLSSocket).getPeerCertificate();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body, peer }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const fingerprintOf = (path: string) => new X509Certificate(readPem(path)).fingerprint256;
const TLS = 'tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n';

describe('a web config file on the server', () => {
  it('serves HTTPS with the configured certificate and headers', async () => {
    const { server } = await serve(`${TLS}http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n`);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await get(`${server.url}/metrics`);
    expect(answer).toMatchObject({ status: 200, body: 'ok' });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.peer.fingerprint256).toBe(fingerprintOf(first.cert));
  });

  it('answers 401 with WWW-Authenticate: Basic unless the password is right', async () => {
    const { server } = await serve(`${TLS}basic_auth_users:\n  alice: ${hash}\n`);
    for (const auth of [undefined, 'alice:wrong', 'bob:secret']) {
      const answer = await get(`${server.url}/-/healthy`, auth === undefined ? {} : { auth });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Basic realm="Prometheus"');
      expect(answer.body).not.toBe('ok');
    }
    expect(await get(`${server.url}/-/healthy`, { auth: 'alice:secret' })).toMatchObject({ status: 200, body: 'ok' });
  });

  it('RequireAndVerifyClientCert refuses a client without a certificate and serves one the CA signed', async () => {
    const { server } = await serve(`${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n`);
    await expect(get(server.url)).rejects.toThrow();
    expect(await get(server.url, { clientCert: client })).toMatchObject({ status: 200, body: 'ok' });
  });

  it('RequireAnyClientCert answers 403 without a client certificate', async () => {
    const { server } = await serve(`${TLS}  client_auth_type: RequireAnyClientCert\n`);
    expect((await get(server.url)).status).toBe(403);
    expect(await get(server.url, { clientCert: client })).toMatchObject({ status: 200, body: 'ok' });
  });

  it('picks up a rotated certificate without a restart', async () => {
    const { server, endpoint, next } = await serve(TLS);
    endpoint.watch();
    expect((await get(server.url)).peer.fingerprint256).toBe(fingerprintOf(first.cert));
    const { reloaded } = next();
    copyFileSync(second.key, KEY());
    copyFileSync(second.cert, CERT());
    await reloaded;
    expect((await get(server.url)).peer.fingerprint256).toBe(fingerprintOf(second.cert));
  });

  it('keeps the last good configuration after a broken edit, and reports it in one line', async () => {
    const { server, endpoint, next } = await serve(`${TLS}basic_auth_users:\n  alice: ${hash}\n`);
    endpoint.watch();
    const { failed } = next();
    writeFileSync(WEB_CONFIG(), `${TLS}basic_auth_users:\n  alice: not-a-hash\n`);
    expect(await failed).toContain('basic_auth_users.alice: expected a bcrypt hash');
    expect((await get(server.url)).status).toBe(401);
    expect((await get(server.url, { auth: 'alice:secret' })).status).toBe(200);
  });

  it('applies a client_auth_type edit to new connections', async () => {
    const { server, endpoint } = await serve(TLS);
    expect((await get(server.url)).status).toBe(200);
    writeFileSync(WEB_CONFIG(), `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n`);
    expect(await endpoint.reload()).toBe(true);
    await expect(get(server.url)).rejects.toThrow();
    expect((await get(server.url, { clientCert: client })).status).toBe(200);
  });

  it('refuses to switch between TLS and plain HTTP without a restart', async () => {
    const { server, endpoint, next } = await serve(TLS);
    const { failed } = next();
    writeFileSync(WEB_CONFIG(), '');
    expect(await endpoint.reload()).toBe(false);
    expect(await failed).toBe('tls_server_config can be added or removed only at a restart');
    expect((await get(server.url)).status).toBe(200);
  });

  it('applies a fixed edit on reload()', async () => {
    const { server, endpoint } = await serve(`basic_auth_users:\n  alice: ${hash}\n${TLS}`);
    writeFileSync(WEB_CONFIG(), TLS);
    expect(await endpoint.reload()).toBe(true);
    expect((await get(server.url)).status).toBe(200);
  });
});
