import { describe, expect, it } from '@jest/globals';
import { NoProxyList, parseNoProxyEntry } from '../../src/config/no-proxy.js';

describe('NoProxyList', () => {
  it.each([
    // entry, host, port, direct?
    ['example.com', 'example.com', 443, true],
    ['example.com', 'cr.example.com', 443, true],
    ['example.com', 'a.b.example.com', 443, true],
    ['example.com', 'badexample.com', 443, false],
    ['example.com', 'example.com.evil.org', 443, false],
    ['.example.com', 'example.com', 443, true],
    ['.example.com', 'cr.example.com', 443, true],
    ['*.example.com', 'cr.example.com', 443, true],
    ['EXAMPLE.com.', 'Cr.Example.COM.', 443, true],
    ['example.com:8443', 'cr.example.com', 8443, true],
    ['example.com:8443', 'cr.example.com', 443, false],
    ['10.1.2.3', '10.1.2.3', 80, true],
    ['10.1.2.3', '10.1.2.4', 80, false],
    ['10.0.0.0/8', '10.200.3.4', 80, true],
    ['10.0.0.0/8', '11.0.0.1', 80, false],
    ['10.0.0.0/8', 'ten.example.com', 80, false], // names are not resolved
    ['10.0.0.0/8:443', '10.1.1.1', 443, true],
    ['10.0.0.0/8:443', '10.1.1.1', 80, false],
    ['::1', '[::1]', 80, true],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 80, false],
    ['fd00::/8', 'fd12:3456::1', 443, true],
    ['fd00::/8', '2001:db8::1', 443, false],
    ['*', 'anything.example.org', 1, true],
  ] as const)('%s: %s:%d direct=%s', (entry, host, port, direct) => {
    expect(new NoProxyList([entry]).matches(host, port)).toBe(direct);
  });

  it('matches when any entry matches; an empty list matches nothing', () => {
    const list = new NoProxyList(['localhost', '.svc', '169.254.0.0/16']);

    expect(list.matches('localhost', 80)).toBe(true);
    expect(list.matches('api.default.svc', 443)).toBe(true);
    expect(list.matches('169.254.1.1', 80)).toBe(true);
    expect(list.matches('cr.cn-hangzhou.aliyuncs.com', 443)).toBe(false);
    expect(new NoProxyList([]).matches('localhost', 80)).toBe(false);
    expect(list.entries).toEqual(['localhost', '.svc', '169.254.0.0/16']);
  });
});

describe('parseNoProxyEntry', () => {
  it.each([
    ['10.0.0.0/33', 'is not a CIDR block such as 10.0.0.0/8'],
    ['example.com/8', 'is not a CIDR block such as 10.0.0.0/8'],
    ['example.com:0', 'has a port that is not a number from 1 to 65535'],
    ['example.com:http', 'has a port that is not a number from 1 to 65535'],
    ['exa mple.com', 'is not a host name, domain, IP address, CIDR block or *'],
    ['', 'is not a host name, domain, IP address, CIDR block or *'],
    ['http://example.com', 'has a scheme; expected the host alone'],
  ])('rejects %j: %s', (entry, problem) => {
    expect(parseNoProxyEntry(entry)).toEqual({ ok: false, problem });
  });
});
