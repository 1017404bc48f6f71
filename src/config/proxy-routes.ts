/**
 * Which proxy, if any, each API endpoint is reached through: api.proxy and api.noProxy, and for
 * what they leave unset the standard variables (keys > env). api.proxy serves http and https
 * endpoints alike; without it https endpoints use HTTPS_PROXY and http endpoints HTTP_PROXY.
 * api.noProxy, when set (even to []), replaces NO_PROXY.
 */
import { describeValue } from './describe-value.js';
import { NoProxyList, parseNoProxyEntry } from './no-proxy.js';
import type { ProxyEnv } from './proxy-env.js';
import { parseProxyUrl, type ProxyServer } from './proxy-url.js';

export type { ProxyServer } from './proxy-url.js';

/**
 * Reached directly whatever the configuration: the ECS instance metadata service, which answers
 * the ECS RAM role credential provider and only on the instance itself.
 */
export const ALWAYS_DIRECT = new NoProxyList(['100.100.100.200']);

export interface ProxyRoutes {
  /** The proxy of https endpoints; undefined: direct. */
  https: ProxyServer | undefined;
  /** The proxy of http endpoints; undefined: direct. */
  http: ProxyServer | undefined;
  /** Endpoints reached directly even when a proxy is set. */
  noProxy: NoProxyList;
  /** The standard variables these routes were taken from (e.g. `HTTPS_PROXY`, `no_proxy`), for --check-config. */
  fromEnv: string[];
}

/** An endpoint as a request addresses it. */
export interface Endpoint {
  protocol: 'http' | 'https';
  host: string;
  port: number;
}

/** The proxy for `endpoint`, or undefined to connect directly. */
export function proxyFor(routes: ProxyRoutes, endpoint: Endpoint): ProxyServer | undefined {
  const proxy = endpoint.protocol === 'https' ? routes.https : routes.http;
  if (!proxy || ALWAYS_DIRECT.matches(endpoint.host, endpoint.port) || routes.noProxy.matches(endpoint.host, endpoint.port)) return undefined;
  return proxy;
}

/** What was wrong with a standard variable: its name, the key it stands in for, and the problem. */
export interface ProxyEnvProblem {
  name: string;
  message: string;
  /** The key the variable stands in for. */
  path: ['api', 'proxy'] | ['api', 'noProxy'];
}

/**
 * Routes from the keys (already checked by the schema) and the standard variables (checked here).
 * A bad proxy variable is never quoted, since it may hold a password; a bad NO_PROXY entry is.
 */
export function resolveProxyRoutes(
  keys: { proxy: string | undefined; noProxy: readonly string[] | undefined },
  env: ProxyEnv,
): { ok: true; routes: ProxyRoutes } | { ok: false; problem: ProxyEnvProblem } {
  const noProxy = noProxyFrom(keys.noProxy, env);
  if (!(noProxy instanceof NoProxyList)) return { ok: false, problem: noProxy };
  if (keys.proxy !== undefined) {
    const parsed = parseProxyUrl(keys.proxy, { schemeOptional: false });
    if (!parsed.ok) throw new Error(`api.proxy ${parsed.problem}`); // the schema let it through: a bug
    return { ok: true, routes: { https: parsed.proxy, http: parsed.proxy, noProxy, fromEnv: noProxyEnv(keys.noProxy, env) } };
  }
  const routes: ProxyRoutes = { https: undefined, http: undefined, noProxy, fromEnv: noProxyEnv(keys.noProxy, env) };
  for (const protocol of ['https', 'http'] as const) {
    const variable = env[protocol];
    if (!variable) continue;
    const parsed = parseProxyUrl(variable.value, { schemeOptional: true });
    if (!parsed.ok) {
      const message = `the proxy URL in ${variable.name} ${parsed.problem}; expected http://[user:password@]host[:port]`;
      return { ok: false, problem: { name: variable.name, path: ['api', 'proxy'], message } };
    }
    routes[protocol] = parsed.proxy;
    routes.fromEnv.unshift(variable.name);
  }
  return { ok: true, routes };
}

/** NO_PROXY's name when it is the one that applies. */
function noProxyEnv(entries: readonly string[] | undefined, env: ProxyEnv): string[] {
  return entries === undefined && env.noProxy ? [env.noProxy.name] : [];
}

/** api.noProxy when set, else NO_PROXY's comma-separated entries, else none. */
function noProxyFrom(entries: readonly string[] | undefined, env: ProxyEnv): NoProxyList | ProxyEnvProblem {
  if (entries !== undefined) return new NoProxyList(entries);
  const variable = env.noProxy;
  if (!variable) return new NoProxyList([]);
  const items = variable.value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    const parsed = parseNoProxyEntry(item);
    if (!parsed.ok) return { name: variable.name, path: ['api', 'noProxy'], message: `${describeValue(item)} in ${variable.name} ${parsed.problem}` };
  }
  return new NoProxyList(items);
}
