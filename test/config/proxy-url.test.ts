import { describe, expect, it } from '@jest/globals';
import { parseProxyUrl } from '../../src/config/proxy-url.js';

const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword).toString('base64')}`;

describe('parseProxyUrl', () => {
  it.each([
    ['http://proxy.internal:3128', { host: 'proxy.internal', port: 3128, authorization: undefined, url: 'http://proxy.internal:3128' }],
    ['http://proxy.internal', { host: 'proxy.internal', port: 80, authorization: undefined, url: 'http://proxy.internal:80' }],
    ['http://10.0.0.1:8080/', { host: '10.0.0.1', port: 8080, authorization: undefined, url: 'http://10.0.0.1:8080' }],
    ['http://[fd00::1]:3128', { host: 'fd00::1', port: 3128, authorization: undefined, url: 'http://[fd00::1]:3128' }],
    ['http://u:p@proxy:3128', { host: 'proxy', port: 3128, authorization: basic('u:p'), url: 'http://proxy:3128' }],
    ['http://u%40corp:p%3A%2Fw@proxy:3128', { host: 'proxy', port: 3128, authorization: basic('u@corp:p:/w'), url: 'http://proxy:3128' }],
    ['http://only-user@proxy:3128', { host: 'proxy', port: 3128, authorization: basic('only-user:'), url: 'http://proxy:3128' }],
  ])('%s', (text, proxy) => {
    expect(parseProxyUrl(text, { schemeOptional: false })).toEqual({ ok: true, proxy });
  });

  it('takes a URL without a scheme as http:// only where allowed (the environment variables)', () => {
    expect(parseProxyUrl('proxy:3128', { schemeOptional: true })).toMatchObject({ ok: true, proxy: { host: 'proxy', port: 3128 } });
    expect(parseProxyUrl('u:p@proxy:3128', { schemeOptional: true })).toMatchObject({ ok: true, proxy: { host: 'proxy', authorization: basic('u:p') } });
    expect(parseProxyUrl('proxy:3128', { schemeOptional: false })).toEqual({ ok: false, problem: 'has the scheme proxy, which is not supported' });
  });

  it.each([
    ['https://proxy:3128', 'has the scheme https, which is not supported'],
    ['socks5://proxy:1080', 'has the scheme socks5, which is not supported'],
    ['http://proxy:3128/path', 'has a path, query or fragment'],
    ['http://proxy:3128?x=1', 'has a path, query or fragment'],
    ['http://proxy:99999', 'is not a URL'],
    ['not a url', 'is not a URL'],
    ['http://u:%ZZ@proxy', 'has a user or password that is not valid percent-encoding'],
  ])('rejects %s: %s', (text, problem) => {
    expect(parseProxyUrl(text, { schemeOptional: false })).toEqual({ ok: false, problem });
  });
});
