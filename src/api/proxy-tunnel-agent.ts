/**
 * HTTP agents that reach every endpoint through an HTTP proxy's CONNECT tunnel: https endpoints
 * get TLS inside the tunnel (end to end with the API; the proxy sees only the host and port), and
 * http endpoints are tunnelled too, so that one code path and one set of errors serve both. They
 * are Node's own keep-alive agents with only `createConnection` replaced, so a tunnel, once
 * open, carries request after request like any pooled connection.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { ProxyServer } from '../config/proxy-routes.js';
import { ProxyError } from './proxy-error.js';

const HTTP_OK = 200;
/** Connection errors that mean the proxy itself is not there (wrong host or port, down, filtered). */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

export interface TunnelAgents {
  http: http.Agent;
  https: https.Agent;
}

export interface TunnelOptions {
  /** Longest wait for the proxy to connect and answer CONNECT (api.connectTimeout). */
  connectTimeoutMs: number;
}

/** A pair of keep-alive agents for one proxy; every socket they pool is a tunnel. */
export function createTunnelAgents(proxy: ProxyServer, options: TunnelOptions): TunnelAgents {
  return { http: new HttpTunnelAgent(proxy, options), https: new HttpsTunnelAgent(proxy, options) };
}

type ConnectionCallback = (error: Error | null, stream: Duplex) => void;

class HttpTunnelAgent extends http.Agent {
  constructor(
    private readonly proxy: ProxyServer,
    private readonly tunnel: TunnelOptions,
  ) {
    super({ keepAlive: true });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectionCallback): undefined {
    openTunnel(this.proxy, targetOf(options, 80), this.tunnel.connectTimeoutMs, (error, socket) => callback?.(error, socket as Duplex));
    return undefined;
  }
}

class HttpsTunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxyServer,
    private readonly tunnel: TunnelOptions,
  ) {
    super({ keepAlive: true });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectionCallback): undefined {
    openTunnel(this.proxy, targetOf(options, 443), this.tunnel.connectTimeoutMs, (error, socket) => {
      if (error || !socket) {
        callback?.(error, socket as Duplex);
        return;
      }
      // What https.Agent would pass to tls.connect (servername, ca, rejectUnauthorized, ...), over the tunnel.
      callback?.(null, tls.connect({ ...(options as tls.ConnectionOptions), socket }));
    });
    return undefined;
  }
}

/** `host:port` of the endpoint a pooled connection is for; IPv6 literals in brackets. */
function targetOf(options: http.ClientRequestArgs, defaultPort: number): string {
  const host = (options.host ?? options.hostname ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  const port = options.port ?? defaultPort;
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** Asks the proxy for a tunnel to `target`; calls `done` once, with the tunnel's socket or a ProxyError. */
function openTunnel(proxy: ProxyServer, target: string, timeoutMs: number, done: (error: Error | null, socket?: Socket) => void): void {
  let finished = false;
  const finish = (error: Error | null, socket?: Socket) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done(error, socket);
  };
  const headers: Record<string, string> = { host: target };
  if (proxy.authorization !== undefined) headers['proxy-authorization'] = proxy.authorization;
  const request = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: target, headers, agent: false, setHost: false });
  const timer = setTimeout(() => {
    const error = new ProxyError(proxy.url, target, `did not open the tunnel within ${timeoutMs} ms`);
    finish(error);
    request.destroy(error);
  }, timeoutMs);
  request.once('connect', (response: http.IncomingMessage, socket: Socket, head: Buffer) => {
    if (response.statusCode !== HTTP_OK) {
      socket.destroy();
      const status = `${response.statusCode ?? '?'}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
      const hint = response.statusCode === 407 ? (proxy.authorization === undefined ? ': it wants credentials' : ': it rejected the credentials') : '';
      finish(new ProxyError(proxy.url, target, `refused the tunnel with HTTP ${status}${hint}`, response.statusCode));
      return;
    }
    if (head.length > 0) socket.unshift(head);
    finish(null, socket);
  });
  request.once('error', (error: Error & { code?: string }) => {
    const reason = error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
    const what = error.code !== undefined && UNREACHABLE_CODES.has(error.code) ? 'could not be reached' : 'failed before opening the tunnel';
    finish(error instanceof ProxyError ? error : new ProxyError(proxy.url, target, `${what}: ${reason}`));
  });
  request.end();
}
