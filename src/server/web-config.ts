/**
 * The web configuration file, in Prometheus exporter-toolkit's format
 * (https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md):
 * tls_server_config, basic_auth_users and http_server_config.headers. Unknown keys are refused,
 * as exporter-toolkit does; file paths are relative to the file's directory, as there.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';
import { CIPHER_SUITES, CLIENT_AUTH_TYPES, CURVES, TLS_VERSIONS, verifiesClientCert, type ClientAuthType } from './tls-options.js';

/**
 * Headers exporter-toolkit lets a web config set, with the values it allows (undefined: any).
 * Every other header (Content-Type, Content-Length, Content-Encoding, Authorization, ...) is refused.
 */
const ALLOWED_HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'strict-transport-security': undefined,
  'x-content-type-options': ['nosniff'],
  'x-frame-options': ['deny', 'sameorigin'],
  'x-xss-protection': undefined,
  'content-security-policy': undefined,
};

/** A bcrypt hash as htpasswd -B and exporter-toolkit's examples write it ($2a$, $2b$ or $2y$). */
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

const TOP_KEYS = ['tls_server_config', 'basic_auth_users', 'http_server_config'];
const TLS_KEYS = [
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'min_version',
  'max_version',
  'cipher_suites',
  'prefer_server_cipher_suites',
  'curve_preferences',
];
const HTTP_KEYS = ['headers'];

export interface WebTls {
  /** Everything server.setSecureContext takes: certificate, key, CA, versions, ciphers, requestCert. */
  options: SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean };
  clientAuthType: ClientAuthType;
  /** The files named, watched for rotation. */
  files: string[];
}

export interface WebSettings {
  /** undefined: plain HTTP. */
  tls: WebTls | undefined;
  /** user -> bcrypt hash; empty: no authentication. */
  users: ReadonlyMap<string, string>;
  /** Extra response headers, names as written in the file. */
  headers: Readonly<Record<string, string>>;
}

/** Reads and checks the web config file and the files it names. Throws ConfigError naming the key. */
export async function loadWebConfig(path: string): Promise<WebSettings> {
  const source = `web config file ${path}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError('web.configFile', `cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    throw new ConfigError('web.configFile', `not YAML: ${(error as Error).message.split('\n')[0]}`, source);
  }
  const fail = (key: string, detail: string): never => {
    throw new ConfigError(key, detail, source);
  };
  const top = mapping(document, '(top level)', fail);
  refuseUnknown(top, TOP_KEYS, '', fail);
  const baseDir = dirname(resolve(path));
  const tls = top.tls_server_config === undefined || top.tls_server_config === null ? undefined : await tlsOf(mapping(top.tls_server_config, 'tls_server_config', fail), baseDir, fail);
  const users = usersOf(top.basic_auth_users, fail);
  const http = top.http_server_config === undefined || top.http_server_config === null ? {} : mapping(top.http_server_config, 'http_server_config', fail);
  refuseUnknown(http, HTTP_KEYS, 'http_server_config.', fail);
  return { tls, users, headers: headersOf(http.headers, fail) };
}

type Fail = (key: string, detail: string) => never;

function mapping(value: unknown, key: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(key, 'expected a mapping');
  return value as Record<string, unknown>;
}

function refuseUnknown(map: Record<string, unknown>, known: string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(map)) if (!known.includes(key)) fail(prefix + key, `unknown key; expected one of ${known.join(', ')}`);
}

function text(value: unknown, key: string, fail: Fail): string {
  if (typeof value !== 'string' || value === '') return fail(key, `expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function word<T extends string>(value: unknown, key: string, words: readonly T[], fail: Fail): T {
  if (typeof value !== 'string' || !(words as readonly string[]).includes(value)) return fail(key, `${JSON.stringify(value)} is not allowed; expected ${words.join(' | ')}`);
  return value as T;
}

function list(value: unknown, key: string, fail: Fail): unknown[] {
  if (!Array.isArray(value)) return fail(key, 'expected a list');
  return value;
}

async function readNamed(path: string, key: string, fail: Fail): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    return fail(key, `cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function tlsOf(tls: Record<string, unknown>, baseDir: string, fail: Fail): Promise<WebTls> {
  refuseUnknown(tls, TLS_KEYS, 'tls_server_config.', fail);
  const at = (key: string) => `tls_server_config.${key}`;
  if (tls.cert_file === undefined) fail(at('cert_file'), 'required with tls_server_config');
  if (tls.key_file === undefined) fail(at('key_file'), 'required with tls_server_config');
  const certFile = resolve(baseDir, text(tls.cert_file, at('cert_file'), fail));
  const keyFile = resolve(baseDir, text(tls.key_file, at('key_file'), fail));
  const clientAuthType = tls.client_auth_type === undefined ? 'NoClientCert' : word(tls.client_auth_type, at('client_auth_type'), CLIENT_AUTH_TYPES, fail);
  const caFile = tls.client_ca_file === undefined ? undefined : resolve(baseDir, text(tls.client_ca_file, at('client_ca_file'), fail));
  if (caFile !== undefined && !verifiesClientCert(clientAuthType)) fail(at('client_ca_file'), `is set but client_auth_type is ${clientAuthType}; expected VerifyClientCertIfGiven or RequireAndVerifyClientCert`);
  if (caFile === undefined && verifiesClientCert(clientAuthType)) fail(at('client_ca_file'), `required with client_auth_type ${clientAuthType}`);
  const versions = Object.keys(TLS_VERSIONS);
  const minVersion = TLS_VERSIONS[tls.min_version === undefined ? 'TLS12' : word(tls.min_version, at('min_version'), versions, fail)];
  const maxVersion = TLS_VERSIONS[tls.max_version === undefined ? 'TLS13' : word(tls.max_version, at('max_version'), versions, fail)];
  if (minVersion !== undefined && maxVersion !== undefined && minVersion > maxVersion) fail(at('max_version'), `${String(tls.max_version)} is below min_version ${String(tls.min_version)}`);
  const ciphers =
    tls.cipher_suites === undefined
      ? undefined
      : list(tls.cipher_suites, at('cipher_suites'), fail)
          .map((name, index) => CIPHER_SUITES[String(name)] ?? fail(`${at('cipher_suites')}[${index}]`, `${JSON.stringify(name)} is not a TLS 1.2 cipher suite Node offers; expected one of ${Object.keys(CIPHER_SUITES).join(', ')}`))
          .join(':');
  const curves =
    tls.curve_preferences === undefined
      ? undefined
      : list(tls.curve_preferences, at('curve_preferences'), fail)
          .map((name, index) => CURVES[String(name)] ?? fail(`${at('curve_preferences')}[${index}]`, `${JSON.stringify(name)} is not allowed; expected ${Object.keys(CURVES).join(' | ')}`))
          .join(':');
  if (tls.prefer_server_cipher_suites !== undefined && typeof tls.prefer_server_cipher_suites !== 'boolean') fail(at('prefer_server_cipher_suites'), 'expected true or false');

  const options: WebTls['options'] = {
    cert: await readNamed(certFile, at('cert_file'), fail),
    key: await readNamed(keyFile, at('key_file'), fail),
    ...(caFile === undefined ? {} : { ca: await readNamed(caFile, at('client_ca_file'), fail) }),
    ...(minVersion === undefined ? {} : { minVersion }),
    ...(maxVersion === undefined ? {} : { maxVersion }),
    ...(ciphers === undefined ? {} : { ciphers }),
    ...(curves === undefined ? {} : { ecdhCurve: curves }),
    honorCipherOrder: tls.prefer_server_cipher_suites !== false,
    requestCert: clientAuthType !== 'NoClientCert',
    // Only this type lets OpenSSL refuse in the handshake; the others are checked after it (tls-options.ts).
    rejectUnauthorized: clientAuthType === 'RequireAndVerifyClientCert',
  };
  try {
    createSecureContext(options); // a key that does not match the certificate fails here, not at the first connection
  } catch (error) {
    fail(at('cert_file'), `${certFile} with ${keyFile}: ${(error as Error).message}`);
  }
  return { options, clientAuthType, files: [certFile, keyFile, ...(caFile === undefined ? [] : [caFile])] };
}

function usersOf(value: unknown, fail: Fail): Map<string, string> {
  const users = new Map<string, string>();
  if (value === undefined || value === null) return users;
  for (const [user, hash] of Object.entries(mapping(value, 'basic_auth_users', fail))) {
    if (user.includes(':')) fail(`basic_auth_users.${user}`, 'a user name cannot contain ":"');
    if (typeof hash !== 'string' || !BCRYPT_HASH.test(hash)) fail(`basic_auth_users.${user}`, 'expected a bcrypt hash such as $2y$10$... (htpasswd -nBC 10 USER)');
    users.set(user, hash as string);
  }
  return users;
}

function headersOf(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {};
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(mapping(value, 'http_server_config.headers', fail))) {
    const key = `http_server_config.headers.${name}`;
    const lower = name.toLowerCase();
    if (!(lower in ALLOWED_HEADERS)) fail(key, `this header cannot be configured; allowed: ${Object.keys(ALLOWED_HEADERS).join(', ')}`);
    if (typeof headerValue !== 'string' || headerValue === '' || /[\r\n]/.test(headerValue)) fail(key, 'expected a one-line string');
    const allowed = ALLOWED_HEADERS[lower];
    if (allowed !== undefined && !allowed.includes((headerValue as string).toLowerCase())) fail(key, `${JSON.stringify(headerValue)} is not allowed; expected ${allowed.join(' | ')}`);
    headers[name] = headerValue as string;
  }
  return headers;
}

/** The largest bcrypt cost among the users: the dummy hash for unknown users costs the same. */
export function highestCost(users: ReadonlyMap<string, string>): number | undefined {
  let highest: number | undefined;
  for (const hash of users.values()) highest = Math.max(highest ?? 0, Number(BCRYPT_HASH.exec(hash)?.[1]));
  return highest;
}
