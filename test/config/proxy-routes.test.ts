/**
 * api.proxy / api.noProxy against the standard variables, through loadConfig as the CLI calls it:
 * which proxy each endpoint gets, precedence (keys > env), and the errors for bad variables.
 */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/load-config.js';
import { proxyFor, type ProxyRoutes } from '../../src/config/proxy-routes.js';
import { configErrorOf } from '../support/config-error.js';

function routesOf(env: Record<string, string>, argv: string[] = []): ProxyRoutes {
  const { proxyRoutes } = loadConfig({ argv: ['--region', 'cn-hangzhou', ...argv], env }).config.api;
  if (!proxyRoutes) throw new Error('loadConfig always resolves api.proxyRoutes');
  return proxyRoutes;
}

const API = { protocol: 'https', host: 'cr.cn-hangzhou.aliyuncs.com', port: 443 } as const;
const SIMULATOR = { protocol: 'http', host: '127.0.0.1', port: 8080 } as const;


describe('proxy routes', () => {
  it('without keys or variables every endpoint goes direct', () => {
    const routes = routesOf({});

    expect(proxyFor(routes, API)).toBeUndefined();
    expect(proxyFor(routes, SIMULATOR)).toBeUndefined();
  });

  it('HTTPS_PROXY serves https endpoints, HTTP_PROXY http ones; upper case wins over lower case', () => {
    const routes = routesOf({ HTTPS_PROXY: 'http://secure:3128', https_proxy: 'http://ignored:1', http_proxy: 'plain:8080' });

    expect(proxyFor(routes, API)?.url).toBe('http://secure:3128');
    expect(proxyFor(routes, SIMULATOR)?.url).toBe('http://plain:8080');
    expect(proxyFor(routesOf({ https_proxy: 'http://lower:3128' }), API)?.url).toBe('http://lower:3128');
    expect(proxyFor(routesOf({ HTTPS_PROXY: 'http://secure:3128' }), SIMULATOR)).toBeUndefined();
  });

  it('api.proxy serves both protocols and wins over the variables; ACR_API_PROXY and the flag set it too', () => {
    const env = { HTTPS_PROXY: 'http://from-env:3128', HTTP_PROXY: 'http://from-env:3128' };

    for (const routes of [routesOf({ ...env, ACR_API_PROXY: 'http://key:3128' }), routesOf(env, ['--api.proxy', 'http://key:3128'])]) {
      expect(proxyFor(routes, API)?.url).toBe('http://key:3128');
      expect(proxyFor(routes, SIMULATOR)?.url).toBe('http://key:3128');
    }
  });

  it('NO_PROXY applies unless api.noProxy is set, even to nothing', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.aliyuncs.com, 127.0.0.1' };

    expect(proxyFor(routesOf(env), API)).toBeUndefined();
    expect(proxyFor(routesOf({ HTTPS_PROXY: 'http://p:3128', no_proxy: 'aliyuncs.com' }), API)).toBeUndefined();
    expect(proxyFor(routesOf({ ...env, ACR_API_NO_PROXY: 'example.org' }), API)?.url).toBe('http://p:3128');
    expect(proxyFor(routesOf({ ...env, ACR_API_PROXY: 'http://key:1' }), API)).toBeUndefined(); // NO_PROXY still applies to api.proxy
  });

  it('never sends the ECS metadata service through a proxy, whatever noProxy says', () => {
    const routes = routesOf({ ACR_API_PROXY: 'http://p:3128', ACR_API_NO_PROXY: 'example.org' });

    expect(proxyFor(routes, { protocol: 'http', host: '100.100.100.200', port: 80 })).toBeUndefined();
    expect(proxyFor(routes, { protocol: 'http', host: '100.100.100.201', port: 80 })?.url).toBe('http://p:3128');
  });

  it('a bad variable is a one-line ConfigError naming it, without quoting a proxy URL', () => {
    expect(configErrorOf(() => routesOf({ HTTPS_PROXY: 'socks5://user:hunter2@p:1080' })).message).toBe(
      'api.proxy: the proxy URL in HTTPS_PROXY has the scheme socks5, which is not supported; expected http://[user:password@]host[:port] (from env HTTPS_PROXY)',
    );
    expect(configErrorOf(() => routesOf({ no_proxy: 'localhost,exa mple.com' })).message).toBe(
      'api.noProxy: "exa mple.com" in no_proxy is not a host name, domain, IP address, CIDR block or * (from env no_proxy)',
    );
  });

  it('a bad variable that a key overrides does not matter', () => {
    expect(proxyFor(routesOf({ HTTPS_PROXY: 'socks5://p:1080', ACR_API_PROXY: 'http://key:3128' }), API)?.url).toBe('http://key:3128');
    expect(proxyFor(routesOf({ NO_PROXY: 'exa mple.com', ACR_API_NO_PROXY: 'example.org', ACR_API_PROXY: 'http://key:3128' }), API)?.url).toBe('http://key:3128');
  });
});
