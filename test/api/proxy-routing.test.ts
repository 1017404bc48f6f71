import { describe, expect, it } from '@jest/globals';
import http from 'node:http';
import https from 'node:https';
import { loadConfig } from '../../src/config/load-config.js';
import { createProxyRouting, withRoutedAgent } from '../../src/api/proxy-routing.js';

function routesOf(env: Record<string, string>) {
  return loadConfig({ argv: ['--region', 'cn-hangzhou'], env }).config.api.proxyRoutes;
}

/** An httpx.request stand-in that answers with the options it was given. */
const echo = withRoutedAgent(async (_url, options) => options as never);

async function agentOf(url: string): Promise<unknown> {
  return ((await echo(url, { method: 'GET' })) as unknown as { agent?: unknown }).agent;
}

describe('proxy routing', () => {
  it('gives a request made inside run() the tunnel agent of its endpoint; others keep httpx default agent', async () => {
    const routing = createProxyRouting(routesOf({ ACR_API_PROXY: 'http://proxy.internal:3128', ACR_API_NO_PROXY: '.internal,10.0.0.0/8' }), { connectTimeoutMs: 1_000 });

    const [secure, plain, bypassed, byAddress, metadata] = await routing.run(() =>
      Promise.all([
        agentOf('https://cr.cn-hangzhou.aliyuncs.com/?Action=x'),
        agentOf('http://127.0.0.1:8080/'),
        agentOf('https://cr.example.internal/'),
        agentOf('http://10.1.2.3/'),
        agentOf('http://100.100.100.200/latest/meta-data/'),
      ]),
    );

    expect(secure).toBeInstanceOf(https.Agent);
    expect(plain).toBeInstanceOf(http.Agent);
    expect(plain).not.toBeInstanceOf(https.Agent);
    expect([bypassed, byAddress, metadata]).toEqual([undefined, undefined, undefined]);
    expect(await agentOf('https://cr.cn-hangzhou.aliyuncs.com/')).toBeUndefined(); // outside run()
  });

  it('reuses one pair of agents per proxy, and two routings never mix', async () => {
    const first = createProxyRouting(routesOf({ ACR_API_PROXY: 'http://one:3128' }), { connectTimeoutMs: 1_000 });
    const second = createProxyRouting(routesOf({ ACR_API_PROXY: 'http://two:3128' }), { connectTimeoutMs: 1_000 });

    const [a, b] = await first.run(() => Promise.all([agentOf('https://x.example/'), agentOf('https://y.example/')]));
    const [c] = await second.run(() => Promise.all([agentOf('https://x.example/')]));

    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('without any proxy, run() calls through and routes nothing', async () => {
    const routing = createProxyRouting(routesOf({}), { connectTimeoutMs: 1_000 });

    expect(await routing.run(() => agentOf('https://cr.cn-hangzhou.aliyuncs.com/'))).toBeUndefined();
  });
});
