import { describe, expect, it } from '@jest/globals';
import { endpointChecks } from '../../src/doctor/endpoint-checks.js';
import type { EndpointProbe } from '../../src/doctor/probe-endpoint.js';

const NOW_MS = Date.UTC(2026, 10, 30, 8, 0, 0);
const DAY_MS = 24 * 60 * 60_000;

function httpsProbe(overrides: Partial<EndpointProbe> = {}): EndpointProbe {
  return {
    host: 'cr.cn-hangzhou.aliyuncs.com',
    port: 443,
    protocol: 'https',
    proxy: undefined,
    dns: { addresses: ['203.0.113.7', '203.0.113.8'], ms: 12.4 },
    connection: { address: '203.0.113.7', connectMs: 31.6, tls: { version: 'TLSv1.3', subject: '*.aliyuncs.com', issuer: 'GlobalSign', validToMs: NOW_MS + 90 * DAY_MS } },
    answer: { status: 404, ms: 80.2, dateHeader: new Date(NOW_MS).toUTCString(), sentAtMs: NOW_MS - 40, receivedAtMs: NOW_MS + 40 },
    ...overrides,
  };
}

describe('endpointChecks', () => {
  it('reports addresses, connection, TLS and the clock of a reachable endpoint', () => {
    expect(endpointChecks('cn-hangzhou', httpsProbe(), NOW_MS)).toEqual([
      { status: 'ok', name: 'dns', target: 'cn-hangzhou', detail: 'cr.cn-hangzhou.aliyuncs.com -> 203.0.113.7, 203.0.113.8 in 12 ms' },
      {
        status: 'ok',
        name: 'connect',
        target: 'cn-hangzhou',
        detail: 'https://203.0.113.7:443 connected in 32 ms, answered in 80 ms; TLSv1.3, certificate *.aliyuncs.com by GlobalSign, expires 2027-02-28 (90 days)',
      },
      { status: 'ok', name: 'clock', target: 'cn-hangzhou', detail: 'skew +0.5 s (±0.5 s): in step' },
    ]);
  });

  it('says when the proxy resolved the name and carried the connection', () => {
    const checks = endpointChecks('cn-hangzhou', httpsProbe({ proxy: 'http://proxy.internal:3128', dns: undefined }), NOW_MS);

    expect(checks.slice(0, 2)).toEqual([
      { status: 'skipped', name: 'dns', target: 'cn-hangzhou', detail: 'cr.cn-hangzhou.aliyuncs.com: resolved by the proxy http://proxy.internal:3128' },
      {
        status: 'ok',
        name: 'connect',
        target: 'cn-hangzhou',
        detail:
          'https://cr.cn-hangzhou.aliyuncs.com:443 through the proxy http://proxy.internal:3128 connected in 32 ms, answered in 80 ms; TLSv1.3, certificate *.aliyuncs.com by GlobalSign, expires 2027-02-28 (90 days)',
      },
    ]);
  });

  it('warns about a certificate close to its expiry', () => {
    const probe = httpsProbe({ connection: { address: '203.0.113.7', connectMs: 30, tls: { version: 'TLSv1.2', subject: 'x', issuer: 'y', validToMs: NOW_MS + 3 * DAY_MS } } });

    expect(endpointChecks('cn-hangzhou', probe, NOW_MS)[1]).toMatchObject({ status: 'warn', detail: expect.stringContaining('(3 days)') });
  });

  it('fails the clock past the threshold', () => {
    const probe = httpsProbe({ answer: { status: 404, ms: 50, dateHeader: new Date(NOW_MS + 20 * 60_000).toUTCString(), sentAtMs: NOW_MS, receivedAtMs: NOW_MS + 50 } });

    expect(endpointChecks('cn-hangzhou', probe, NOW_MS)[2]).toMatchObject({ status: 'failed', name: 'clock', detail: expect.stringContaining('the local clock is behind') });
  });

  it('warns when the answer has no Date header', () => {
    const probe = httpsProbe({ answer: { status: 404, ms: 50, dateHeader: undefined, sentAtMs: NOW_MS, receivedAtMs: NOW_MS } });

    expect(endpointChecks('cn-hangzhou', probe, NOW_MS)[2]).toEqual({ status: 'warn', name: 'clock', target: 'cn-hangzhou', detail: 'the answer had no Date header: skew not measured' });
  });

  it('fails dns and skips the rest when the name does not resolve', () => {
    const checks = endpointChecks('cn-nowhere', { host: 'cr.cn-nowhere.aliyuncs.com', port: 443, protocol: 'https', proxy: undefined, dns: { error: 'ENOTFOUND: getaddrinfo ENOTFOUND cr.cn-nowhere.aliyuncs.com' } }, NOW_MS);

    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['dns', 'failed'],
      ['connect', 'skipped'],
      ['clock', 'skipped'],
    ]);
    expect(checks[0]?.detail).toBe('cr.cn-nowhere.aliyuncs.com: ENOTFOUND: getaddrinfo ENOTFOUND cr.cn-nowhere.aliyuncs.com');
  });

  it('fails connect with the reason when no answer came', () => {
    const checks = endpointChecks('cn-hangzhou', httpsProbe({ connection: { error: 'TCP connected in 3 ms, then CERT_HAS_EXPIRED: certificate has expired' }, answer: undefined }), NOW_MS);

    expect(checks.slice(1)).toEqual([
      { status: 'failed', name: 'connect', target: 'cn-hangzhou', detail: 'https://cr.cn-hangzhou.aliyuncs.com:443: TCP connected in 3 ms, then CERT_HAS_EXPIRED: certificate has expired' },
      { status: 'skipped', name: 'clock', target: 'cn-hangzhou', detail: 'the endpoint did not answer' },
    ]);
  });

  it('says plain HTTP for an http endpoint', () => {
    const probe = httpsProbe({ protocol: 'http', port: 8080, connection: { address: '127.0.0.1', connectMs: 1, tls: undefined } });

    expect(endpointChecks('cn-hangzhou', probe, NOW_MS)[1]?.detail).toBe('http://127.0.0.1:8080 connected in 1 ms, answered in 80 ms; plain HTTP, no TLS');
  });
});
