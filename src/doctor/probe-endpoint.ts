import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ProxyServer } from '../config/proxy-routes.js';
import type { Protocol, RegionConfig } from '../config/types.js';
import { createTunnelAgents } from '../api/proxy-tunnel-agent.js';

const DEFAULT_PORTS: Readonly<Record<Protocol, number>> = { http: 80, https: 443 };
const USER_AGENT = 'acr-subscription-exporter-doctor';

/** What the TLS handshake showed of the endpoint. */
export interface TlsFacts {
  /** TLSv1.3, TLSv1.2, ... */
  version: string;
  /** The certificate's subject CN (or O). */
  subject: string;
  issuer: string;
  /** The certificate's notAfter, epoch ms; NaN when it could not be read. */
  validToMs: number;
}

/** One unsigned `GET /` to a region's endpoint: name resolution, connection, handshake and the answer's Date. */
export interface EndpointProbe {
  host: string;
  port: number;
  protocol: Protocol;
  /** The proxy the probe went through (printable URL, no credentials); undefined: direct. */
  proxy: string | undefined;
  /** Undefined when a proxy resolves the name (the API's requests go through it too). */
  dns: { addresses: string[]; ms: number } | { error: string } | undefined;
  /** Undefined when DNS failed (nothing was attempted). */
  connection?: { address: string | undefined; connectMs: number; tls: TlsFacts | undefined } | { error: string };
  /** The answer (any status: the request is not signed, the API refuses it, and says when). */
  answer?: { status: number; ms: number; dateHeader: string | undefined; sentAtMs: number; receivedAtMs: number };
}

export interface ProbeOptions {
  /** Connection (and idle) timeout: api.connectTimeout. */
  connectTimeoutMs: number;
  /** Whole request: api.readTimeout. */
  readTimeoutMs: number;
  /** Wall clock for the skew. @default Date.now */
  wallClock?: () => number;
  /** The proxy the API's requests to this endpoint go through (proxyFor of api.proxyRoutes): the probe takes the same way. */
  proxy: ProxyServer | undefined;
}

/** Splits `host[:port]` (a bracketed IPv6 host included). */
export function endpointAddress(region: Pick<RegionConfig, 'endpoint' | 'protocol'>): { host: string; port: number } {
  const url = new URL(`${region.protocol}://${region.endpoint}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port === '' ? DEFAULT_PORTS[region.protocol] : Number(url.port) };
}

/** Never rejects: every failure is in the probe. */
export async function probeEndpoint(region: Pick<RegionConfig, 'endpoint' | 'protocol'>, options: ProbeOptions): Promise<EndpointProbe> {
  const { host, port } = endpointAddress(region);
  const probe: EndpointProbe = { host, port, protocol: region.protocol, proxy: options.proxy?.url, dns: undefined };
  if (options.proxy) {
    await request(probe, options);
    return probe;
  }
  const dnsStart = performance.now();
  try {
    const addresses = await lookup(host, { all: true });
    probe.dns = { addresses: addresses.map((entry) => entry.address), ms: performance.now() - dnsStart };
  } catch (error) {
    probe.dns = { error: errorText(error) };
    return probe;
  }
  await request(probe, options);
  return probe;
}

function request(probe: EndpointProbe, options: ProbeOptions): Promise<void> {
  const wallClock = options.wallClock ?? Date.now;
  const client = probe.protocol === 'https' ? https : http;
  // Through a proxy: the API's own tunnel agent (CONNECT, then TLS inside for https), closed after the probe.
  const tunnel = options.proxy ? createTunnelAgents(options.proxy, { connectTimeoutMs: options.connectTimeoutMs })[probe.protocol] : undefined;
  return new Promise((resolve) => {
    const started = performance.now();
    let connectMs: number | undefined;
    let settled = false;
    const sentAtMs = wallClock();
    const req = client.request({
      host: probe.host,
      port: probe.port,
      method: 'GET',
      path: '/',
      agent: tunnel ?? false,
      timeout: options.connectTimeoutMs,
      headers: { 'user-agent': USER_AGENT },
    });
    let deadline: NodeJS.Timeout | undefined;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error !== undefined && !probe.answer) {
        // A TLS failure comes after the TCP connection: say that the connection itself worked.
        const connected = connectMs === undefined ? '' : `TCP connected in ${Math.round(connectMs)} ms, then `;
        probe.connection = { error: `${connected}${errorText(error)}` };
      }
      req.destroy();
      tunnel?.destroy();
      resolve();
    };
    // The socket keeps the process alive while the request is open; the timer need not.
    deadline = setTimeout(() => finish(new Error(`no answer within ${options.readTimeoutMs} ms`)), options.readTimeoutMs).unref();
    req.on('socket', (socket) => {
      socket.once('connect', () => (connectMs = performance.now() - started));
    });
    req.on('timeout', () => finish(new Error(`timed out after ${options.connectTimeoutMs} ms`)));
    req.on('error', (error) => finish(error));
    req.on('response', (response) => {
      const receivedAtMs = wallClock();
      const socket = response.socket;
      probe.connection = {
        address: socket.remoteAddress,
        connectMs: connectMs ?? performance.now() - started,
        tls: probe.protocol === 'https' ? tlsFacts(socket as TLSSocket) : undefined,
      };
      const date = response.headers.date;
      probe.answer = { status: response.statusCode ?? 0, ms: performance.now() - started, dateHeader: date, sentAtMs, receivedAtMs };
      response.resume();
      finish();
    });
    req.end();
  });
}

function tlsFacts(socket: TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  const name = (fields: Record<string, string | string[] | undefined> | undefined) => {
    const value = fields?.['CN'] ?? fields?.['O'];
    return Array.isArray(value) ? value.join(', ') : (value ?? '?');
  };
  return {
    version: socket.getProtocol() ?? '?',
    subject: name(certificate.subject as unknown as Record<string, string | string[] | undefined> | undefined),
    issuer: name(certificate.issuer as unknown as Record<string, string | string[] | undefined> | undefined),
    validToMs: Date.parse(certificate.valid_to ?? ''),
  };
}

/** Node's system and TLS errors: "CODE: message" (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
function errorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
