import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadWebConfig } from '../../src/server/web-config.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';

const HASH = '$2b$04$mlQBnmMEAvqs/PeduCU0Ne/79l8cyEQg8mFYtpqsicFOb4OsoP5HK';
let ca: TestCa;
let server: { cert: string; key: string };

beforeAll(() => {
  ca = createTestCa();
  server = ca.issue('server');
});
afterAll(() => ca.remove());

async function load(yaml: string) {
  const path = join(ca.dir, 'web.yml');
  writeFileSync(path, yaml);
  return loadWebConfig(path);
}

async function problem(yaml: string): Promise<string> {
  const error = await load(yaml).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('loadWebConfig', () => {
  it('reads TLS with relative paths, users and allowed headers', async () => {
    const settings = await load(
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n' +
        `basic_auth_users:\n  alice: ${HASH}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`,
    );
    expect(settings.tls?.files).toEqual([server.cert, server.key]);
    expect(settings.tls?.options).toMatchObject({ minVersion: 'TLSv1.3', requestCert: false, rejectUnauthorized: false });
    expect([...settings.users]).toEqual([['alice', HASH]]);
    expect(settings.headers).toEqual({ 'X-Frame-Options': 'deny' });
  });

  it('maps Go cipher suite names to OpenSSL names', async () => {
    const settings = await load('tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_GCM_SHA384]\n');
    expect(settings.tls?.options.ciphers).toBe('ECDHE-ECDSA-AES128-GCM-SHA256:AES256-GCM-SHA384');
  });

  it('an empty file is plain HTTP without auth', async () => {
    expect(await load('')).toEqual({ tls: undefined, users: new Map(), headers: {} });
  });

  it.each([
    ['tls_config: {}\n', 'tls_config: unknown key; expected one of tls_server_config, basic_auth_users, http_server_config'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  certfile: x\n', 'tls_server_config.certfile: unknown key'],
    ['tls_server_config:\n  key_file: server.key\n', 'tls_server_config.cert_file: required with tls_server_config'],
    ['tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n', 'tls_server_config.cert_file: cannot read'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n', 'tls_server_config.cert_file:'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS11\n', 'tls_server_config.min_version: "TLS11" is not allowed; expected TLS12 | TLS13'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_FOO]\n', 'tls_server_config.cipher_suites[0]: "TLS_FOO" is not a TLS 1.2 cipher suite Node offers'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Always\n', 'tls_server_config.client_auth_type: "Always" is not allowed'],
    ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n', 'tls_server_config.client_ca_file: required with client_auth_type RequireAndVerifyClientCert'],
    ['basic_auth_users:\n  alice: secret\n', 'basic_auth_users.alice: expected a bcrypt hash'],
    ['http_server_config:\n  headers:\n    Content-Type: text/plain\n', 'http_server_config.headers.Content-Type: this header cannot be configured'],
    ['http_server_config:\n  headers:\n    Authorization: x\n', 'http_server_config.headers.Authorization: this header cannot be configured'],
    ['http_server_config:\n  headers:\n    X-Frame-Options: allow\n', 'http_server_config.headers.X-Frame-Options: "allow" is not allowed; expected deny | sameorigin'],
    ['http_server_config:\n  http3: true\n', 'http_server_config.http3: unknown key'],
    ['basic_auth_users: [a]\n', 'basic_auth_users: expected a mapping'],
  ])('refuses %j in one line naming the key', async (yaml, expected) => {
    const message = await problem(yaml);
    expect(message).toContain(expected);
    expect(message).toContain('(from web config file');
  });
});
