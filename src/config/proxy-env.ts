/**
 * The standard proxy variables other tools read too: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, each
 * also in lower case. The upper-case name wins when both are set (as in Go's net/http); an empty
 * variable counts as unset. ALL_PROXY is not read. Only consulted for what api.proxy and
 * api.noProxy leave unset (proxy-routes.ts).
 */

export interface ProxyEnvValue {
  /** The variable the value came from, e.g. `https_proxy`: named in error messages. */
  name: string;
  value: string;
}

export interface ProxyEnv {
  /** The proxy of https endpoints. */
  https?: ProxyEnvValue | undefined;
  /** The proxy of http endpoints. */
  http?: ProxyEnvValue | undefined;
  noProxy?: ProxyEnvValue | undefined;
}

export function readProxyEnv(env: Readonly<Record<string, string | undefined>>): ProxyEnv {
  const first = (...names: string[]): ProxyEnvValue | undefined => {
    const name = names.find((candidate) => (env[candidate] ?? '') !== '');
    return name === undefined ? undefined : { name, value: env[name] ?? '' };
  };
  return {
    https: first('HTTPS_PROXY', 'https_proxy'),
    http: first('HTTP_PROXY', 'http_proxy'),
    noProxy: first('NO_PROXY', 'no_proxy'),
  };
}
