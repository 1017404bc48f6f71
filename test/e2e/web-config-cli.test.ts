import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { runCli, startCli, type CliRun } from '../support/cli-process.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';

let ca: TestCa;
let run: CliRun | undefined;

beforeAll(() => {
  ca = createTestCa();
  ca.issue('server');
});
afterAll(() => ca.remove());
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

function get(url: string, auth?: string): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readPem(ca.caCert), agent: false, ...(auth === undefined ? {} : { auth }) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--web.config.file through the built CLI', () => {
  it('serves /metrics over HTTPS behind basic auth', async () => {
    const hash = await bcrypt.hash('secret', 4);
    const web = join(ca.dir, 'web.yml');
    writeFileSync(web, `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: ${hash}\n`);
    run = await startCli(['--demo', '--web.listen-address', '127.0.0.1:0', '--web.config.file', web]);
    expect(run.url).toMatch(/^https:\/\//);
    expect((await get(`${run.url}/metrics`)).status).toBe(401);
    const answer = await get(`${run.url}/metrics`, 'prometheus:secret');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('# TYPE ');
  });

  it('exits 2 with one line naming the key when the file is bad', async () => {
    const web = join(ca.dir, 'bad.yml');
    writeFileSync(web, 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS10\n');
    const { code, stderr } = await runCli(['--demo', '--web.listen-address', '127.0.0.1:0', '--web.config.file', web], { ACR_WEB_CONFIG_FILE: undefined });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('tls_server_config.min_version: "TLS10" is not allowed; expected TLS12 | TLS13')]);
  });

  it('reads ACR_WEB_CONFIG_FILE too', async () => {
    const { code, stderr } = await runCli(['--demo', '--web.listen-address', '127.0.0.1:0'], { ACR_WEB_CONFIG_FILE: join(ca.dir, 'missing.yml') });
    expect(code).toBe(2);
    // A long value is cut in messages (it might be a pasted secret); the reason and the source are whole.
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^acr-subscription-exporter: web\.configFile: ".+ cannot be read \(ENOENT\); expected the path of an exporter-toolkit web config file \(from env ACR_WEB_CONFIG_FILE\)$/),
    ]);
  });
});
