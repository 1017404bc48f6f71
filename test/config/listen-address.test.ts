import { describe, expect, it } from '@jest/globals';
import { formatListenAddress, parseListenAddress } from '../../src/config/listen-address.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';

describe('parseListenAddress', () => {
  it.each([
    [':9742', { host: undefined, port: 9742 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535 }],
    ['[::1]:9742', { host: '::1', port: 9742 }],
    ['[::]:9742', { host: '::', port: 9742 }],
    ['[fe80::1%eth0]:9742', { host: 'fe80::1%eth0', port: 9742 }],
    ['localhost:9742', { host: 'localhost', port: 9742 }],
    ['exporter.example.:9742', { host: 'exporter.example.', port: 9742 }],
    ['exporter-0.acr.monitoring.svc:9742', { host: 'exporter-0.acr.monitoring.svc', port: 9742 }],
  ])('binds %s as %j, printed back as the same text', (text, address) => {
    expect(parseListenAddress(text)).toEqual({ ok: true, address });
    expect(formatListenAddress(address)).toBe(text);
  });

  it.each([
    ['9742', 'is not HOST:PORT'],
    ['::1:9742', 'is not HOST:PORT'],
    ['127.0.0.1', 'is not HOST:PORT'],
    ['127.0.0.1:123456', 'is not HOST:PORT'],
    ['127.0.0.1:65536', 'has port 65536, out of range 0 to 65535'],
    ['999.999.999.999:9742', 'has a host that is not an IPv4 address (four numbers 0-255)'],
    ['1.2.3:9742', 'has a host that is not an IPv4 address (four numbers 0-255)'],
    ['[127.0.0.1]:9742', 'has a bracketed host that is not an IPv6 address'],
    ['[::g]:9742', 'has a bracketed host that is not an IPv6 address'],
    ['-bad-.example:9742', 'has a host that is neither an IP address nor a hostname'],
    ['a..b:9742', 'has a host that is neither an IP address nor a hostname'],
    ['host_name:9742', 'has a host that is neither an IP address nor a hostname'],
    ['example.123:9742', 'has a host that is neither an IP address nor a hostname'],
    [`${'a'.repeat(64)}.example:9742`, 'has a host that is neither an IP address nor a hostname'],
  ])('refuses %s: %s', (text, problem) => {
    expect(parseListenAddress(text)).toEqual({ ok: false, problem });
  });
});

describe('web.listenAddress in the configuration', () => {
  const load = (address: string) => loadConfig({ argv: ['--region', 'cn-hangzhou', '--web.listen-address', address], env: {} });

  it('is parsed once into {host, port}', () => {
    expect(load('[::1]:9100').config.web).toEqual({ listenAddress: { host: '::1', port: 9100 } });
  });

  it('refuses what bind would refuse, naming the key and the problem', () => {
    expect(() => load('999.999.999.999:9742')).toThrow(
      new ConfigError(
        'web.listenAddress',
        '"999.999.999.999:9742" has a host that is not an IPv4 address (four numbers 0-255); expected e.g. :9742, 127.0.0.1:9742 or [::1]:9742',
        'flag --web.listen-address',
      ),
    );
  });
});
