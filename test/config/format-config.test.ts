import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { formatConfig } from '../../src/config/format-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ExporterConfig } from '../../src/config/types.js';

const FULL = readFileSync(new URL('./fixtures/full.ok.yml', import.meta.url), 'utf8');

function loadText(text: string, argv: string[] = []): ExporterConfig {
  return loadConfig({ argv: ['--config', 'printed.yml', ...argv], env: {}, readFile: () => text }).config;
}

describe('formatConfig', () => {
  it('prints durations as the file writes them', () => {
    const printed = formatConfig(loadText(FULL));

    expect(printed).toContain('  keepStaleData: 1h30m\n');
    expect(printed).toContain('  initialBackoff: 100ms\n');
    expect(printed).toContain('  cacheTtl: 0s\n');
  });

  it('prints what loads back as the same configuration, but for the proxy password', () => {
    const original = loadText(FULL);
    const withoutProxyCredentials = (config: ExporterConfig) => ({ ...config, api: { ...config.api, proxy: undefined, proxyRoutes: undefined } });

    const reloaded = loadText(formatConfig(original));

    expect(withoutProxyCredentials(reloaded)).toEqual(withoutProxyCredentials(original));
    expect(reloaded.api.proxyRoutes?.https).toMatchObject({ url: 'http://proxy.internal:3128', host: 'proxy.internal', port: 3128 });
  });

  it('never prints the password of api.proxy', () => {
    const printed = formatConfig(loadText(FULL));

    expect(printed).toContain('  proxy: http://<redacted>@proxy.internal:3128\n');
    expect(printed).toContain('  noProxy:\n    - .internal\n    - 10.0.0.0/8\n');
    expect(printed).not.toMatch(/s3cret|exporter:|proxyRoutes|Basic/);
  });

  it('shows the proxy routes taken from the standard variables as a comment, without credentials', () => {
    const fromEnv = (env: Record<string, string>) => formatConfig(loadConfig({ argv: ['--region', 'cn-hangzhou'], env }).config);

    expect(fromEnv({ HTTPS_PROXY: 'http://u:hunter2@proxy:3128', no_proxy: '.svc,10.0.0.0/8' })).toContain(
      '# from env HTTPS_PROXY, no_proxy: https endpoints via http://proxy:3128, http endpoints direct; direct: .svc,10.0.0.0/8\n',
    );
    expect(fromEnv({ HTTPS_PROXY: 'http://u:hunter2@proxy:3128' })).not.toContain('hunter2');
    expect(fromEnv({})).not.toContain('# from env');
    expect(fromEnv({ HTTPS_PROXY: 'http://proxy:3128', ACR_API_PROXY: 'http://key:3128' })).not.toContain('# from env'); // the key is printed, the variable unused
  });

  it('prints the merged result of file, env and flags, with endpoints and shard resolved', () => {
    const config = loadConfig({
      argv: ['--region', 'cn-hangzhou', '--total-shards=2'],
      env: { ACR_COLLECTION_MODE: 'interval', POD_NAME: 'exporter-1' },
    }).config;

    const printed = formatConfig(config);

    expect(printed).toContain('  - id: cn-hangzhou\n    endpoint: cr.cn-hangzhou.aliyuncs.com\n    protocol: https\n');
    expect(printed).toContain('  mode: interval\n');
    expect(printed).toContain('sharding:\n  shard: 1\n  totalShards: 2\n');
    expect(printed).not.toContain('instances');
  });

  it('redacts userinfo that somehow reached the configuration', () => {
    const config = loadText(FULL);
    const withSecret: ExporterConfig = { ...config, regions: [{ ...config.regions[0]!, endpoint: 'LTAIkey:hunter2@cr.example.com' }] };

    const printed = formatConfig(withSecret);

    expect(printed).toContain('endpoint: <redacted>@cr.example.com');
    expect(printed).not.toMatch(/hunter2|LTAIkey/);
  });
});
