/**
 * An HTTP proxy as api.proxy or HTTPS_PROXY gives it, parsed once into what the tunnel needs:
 * where to connect and the Proxy-Authorization header. Only http:// proxies are supported (the
 * exporter speaks plain HTTP to the proxy and tunnels through it with CONNECT). The credentials
 * live in `authorization` only: `url` is safe to print.
 */
import { isIP } from 'node:net';

/** Port of an http:// proxy URL that names none, as for any http:// URL. */
export const DEFAULT_PROXY_PORT = 80;

export interface ProxyServer {
  /** Host name or IP address, without the brackets of an IPv6 literal. */
  readonly host: string;
  readonly port: number;
  /** `Basic <base64 user:password>` when the URL carries userinfo; sent to the proxy only. */
  readonly authorization: string | undefined;
  /** `http://host:port`, never with the credentials: what messages and logs show. */
  readonly url: string;
}

export type ProxyUrlResult = { ok: true; proxy: ProxyServer } | { ok: false; problem: string };

/**
 * Parses `http://[user:password@]host[:port][/]`. The user and password are percent-decoded, as
 * in any URL (a password with "@" or ":" is written %40, %3A).
 * @param options.schemeOptional true for the environment variables, where "proxy:3128" means
 * http://proxy:3128 (curl and Go read them so); api.proxy must say http://.
 */
export function parseProxyUrl(text: string, options: { schemeOptional: boolean }): ProxyUrlResult {
  const withScheme = options.schemeOptional && !text.includes('://') ? `http://${text}` : text;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'is not a URL' };
  }
  if (url.protocol !== 'http:') {
    return { ok: false, problem: `has the scheme ${url.protocol.slice(0, -1)}, which is not supported` };
  }
  if (url.hostname === '') return { ok: false, problem: 'has no host' };
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    return { ok: false, problem: 'has a path, query or fragment' };
  }
  const user = decodeComponent(url.username);
  const password = decodeComponent(url.password);
  if (user === undefined || password === undefined) return { ok: false, problem: 'has a user or password that is not valid percent-encoding' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? DEFAULT_PROXY_PORT : Number(url.port);
  const hasCredentials = url.username !== '' || url.password !== '';
  return {
    ok: true,
    proxy: {
      host,
      port,
      authorization: hasCredentials ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined,
      url: `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
    },
  };
}

function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
