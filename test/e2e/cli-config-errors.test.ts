/** The built CLI refuses bad configuration with exit code 2 and a one-line message naming the key. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli-process.js';

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-cli-config-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(workDir, name);
  writeFileSync(path, text);
  return path;
}

const REGION = 'regions:\n  - id: cn-hangzhou\n';

describe('bad configuration', () => {
  const cases: { name: string; args: () => string[]; env?: Record<string, string>; key: string }[] = [
    { name: 'a missing file', args: () => ['--config', join(workDir, 'nope.yml')], key: 'nope.yml' },
    { name: 'an unknown key', args: () => ['--config', file('unknown.yml', `${REGION}collection:\n  bogus: 1\n`)], key: 'collection.bogus' },
    { name: 'a bad mode in the file', args: () => ['--config', file('mode.yml', `${REGION}collection:\n  mode: fast\n`)], key: 'collection.mode' },
    { name: 'a bad duration from env', args: () => ['--config', file('ok.yml', REGION)], env: { ACR_COLLECTION_CACHE_TTL: '30 seconds' }, key: 'collection.cacheTtl' },
    { name: 'a bad log level flag', args: () => ['--config', file('ok2.yml', REGION), '--log.level', 'loud'], key: 'log.level' },
    { name: 'an unknown flag', args: () => ['--config', file('ok3.yml', REGION), '--no-such-flag'], key: '--no-such-flag' },
    { name: 'a bad region id', args: () => ['--config', file('region.yml', 'regions:\n  - id: Hangzhou!\n')], key: 'regions[0].id' },
    { name: 'an undefined alias', args: () => ['--config', file('alias.yml', 'regions: *regions\n')], key: 'alias *regions is not defined' },
    { name: 'a listen address bind would refuse', args: () => ['--config', file('ok4.yml', REGION), '--web.listen-address=999.999.999.999:9742'], key: 'web.listenAddress' },
    { name: 'a rate below 0.01/s', args: () => ['--config', file('ok5.yml', REGION)], env: { ACR_API_REQUESTS_PER_SECOND: '0.001' }, key: 'api.requestsPerSecond' },
  ];

  it.each(cases)('exits 2 naming the key for $name', async ({ args, env, key }) => {
    const { code, stderr, stdout } = await runCli(args(), env);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^acr-subscription-exporter: /);
    expect(lines[0]).toContain(key);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('--check-config prints the merged configuration and exits 0', async () => {
    const { code, stdout } = await runCli(['--config', file('check.yml', REGION), '--check-config', '--collection.mode', 'interval'], {
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'check-config-secret',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('mode: interval');
    expect(stdout).toContain('cn-hangzhou');
    expect(stdout).not.toContain('check-config-secret');
  });

  it('--version prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^acr-subscription-exporter \d+\.\d+\.\d+/);
  });
});
