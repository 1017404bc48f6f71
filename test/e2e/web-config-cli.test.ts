import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { request as plainRequest } from 'node:http';
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

/** Resolves with the first JSON log line after `from` characters of stdout that has message `msg`. */
function logged(cli: CliRun, from: number, msg: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const check = () => {
      for (const text of cli.stdout().slice(from).split('\n')) {
        if (!text.startsWith('{')) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        if (line.msg !== msg) continue;
        cli.child.stdout!.off('data', check);
        resolve(line);
        return;
      }
    };
    cli.child.stdout!.on('data', check);
    check();
  });
}

/** The status of a GET over plain HTTP with basic auth credentials. */
function plainStatus(url: string, auth: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = plainRequest(url, { agent: false, auth }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

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

  it('re-reads the file on SIGHUP, even when an edit left its size and mtime as they were', async () => {
    const web = join(ca.dir, 'hup.yml');
    writeFileSync(web, `basic_auth_users:\n  prometheus: ${await bcrypt.hash('secret', 4)}\n`);
    // Whole seconds, so that setting the same time again later is exact (stat has sub-millisecond times).
    const wholeSeconds = Math.floor(Date.now() / 1000) - 60;
    utimesSync(web, wholeSeconds, wholeSeconds);
    run = await startCli(['--demo', '--web.listen-address', '127.0.0.1:0', '--web.config.file', web]);
    const before = statSync(web);
    // Same length (a cost-4 hash is always 60 characters), then the old times back: the file watcher sees no change.
    writeFileSync(web, `basic_auth_users:\n  prometheux: ${await bcrypt.hash('secret', 4)}\n`);
    utimesSync(web, wholeSeconds, wholeSeconds);
    expect(statSync(web)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs, ino: before.ino });
    const mark = run.stdout().length;
    run.child.kill('SIGHUP');
    expect(await logged(run, mark, 'web configuration reloaded')).toMatchObject({ users: 1 });
    expect(await plainStatus(`${run.url}/-/healthy`, 'prometheus:secret')).toBe(401);
    expect(await plainStatus(`${run.url}/-/healthy`, 'prometheux:secret')).toBe(200);
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
