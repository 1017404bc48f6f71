/**
 * Sends the API requests of a transport through the proxies of its ProxyRoutes.
 *
 * openapi-core hands every request to @darabonba/typescript's doAction, which calls httpx without
 * an agent of ours: it reads none from the Config or the RuntimeOptions, and ignores their
 * httpProxy/httpsProxy/noProxy fields altogether. So the one seam is httpx.request itself: it is
 * wrapped once per process, and a call made inside `run()` gets the tunnel agent its URL's
 * endpoint is routed to (AsyncLocalStorage carries the routing of that transport through
 * openapi-core's awaits, so two transports with different proxies never mix). A call outside any
 * `run()` and an endpoint routed direct keep httpx's own keep-alive agent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import { proxyFor, type Endpoint, type ProxyRoutes, type ProxyServer } from '../config/proxy-routes.js';
import { createTunnelAgents, type TunnelAgents, type TunnelOptions } from './proxy-tunnel-agent.js';
import { loadDarabonbaHttpx, type HttpxRequest } from './release-httpx-read-timers.js';

/** Marks the httpx module as wrapped, so the wrapper is installed once per module instance. */
const ROUTED = Symbol.for('acr-subscription-exporter.httpx-proxy-routed');
const DEFAULT_PORTS: Readonly<Record<Endpoint['protocol'], number>> = { http: 80, https: 443 };

type AgentFor = (endpoint: Endpoint) => http.Agent | undefined;
const routing = new AsyncLocalStorage<AgentFor>();

export interface ProxyRouting {
  /** Runs `call` with its HTTP requests routed; calls it as it is when every endpoint goes direct. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * The routing of one transport. Agents are made per proxy on first use and live as long as the
 * transport (their idle tunnels close when the proxy or the API closes them).
 * @throws Error when a proxy is configured but darabonba's httpx cannot be found to route through:
 * requests must never go direct silently.
 */
export function createProxyRouting(routes: ProxyRoutes | undefined, options: TunnelOptions): ProxyRouting {
  if (!routes || (routes.https === undefined && routes.http === undefined)) return { run: (call) => call() };
  installHttpxRouting();
  const agents = new Map<ProxyServer, TunnelAgents>();
  const agentFor: AgentFor = (endpoint) => {
    const proxy = proxyFor(routes, endpoint);
    if (!proxy) return undefined;
    let pair = agents.get(proxy);
    if (!pair) {
      pair = createTunnelAgents(proxy, options);
      agents.set(proxy, pair);
    }
    return pair[endpoint.protocol];
  };
  return { run: (call) => routing.run(agentFor, call) };
}

function installHttpxRouting(): void {
  const httpx = loadDarabonbaHttpx() as (ReturnType<typeof loadDarabonbaHttpx> & { [ROUTED]?: true }) | undefined;
  if (!httpx || typeof httpx.request !== 'function') {
    throw new Error('api.proxy: cannot route API requests through the proxy: the httpx module of @darabonba/typescript was not found');
  }
  if (httpx[ROUTED]) return;
  httpx.request = withRoutedAgent(httpx.request);
  httpx[ROUTED] = true;
}

/** `request`, given the agent of the current routing for its URL. Exported for tests. */
export function withRoutedAgent(request: HttpxRequest): HttpxRequest {
  return function requestThroughProxy(this: unknown, url: string, options: unknown) {
    const agentFor = routing.getStore();
    const endpoint = agentFor ? endpointOf(url) : undefined;
    const agent = endpoint && agentFor?.(endpoint);
    return request.call(this, url, agent ? { ...(options as Record<string, unknown>), agent } : options);
  };
}

function endpointOf(url: string): Endpoint | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const protocol = parsed.protocol === 'https:' ? 'https' : parsed.protocol === 'http:' ? 'http' : undefined;
  if (!protocol) return undefined;
  return { protocol, host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? DEFAULT_PORTS[protocol] : Number(parsed.port) };
}
