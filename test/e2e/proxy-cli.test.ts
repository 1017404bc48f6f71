/**
 * The built CLI behind a proxy, as deployed: HTTPS_PROXY (with a password) in the environment, an
 * https endpoint (the simulator behind TLS with a throwaway CA, trusted through
 * NODE_EXTRA_CA_CERTS), every API request tunnelled with CONNECT and TLS end to end through it;
 * and a proxy that rejects the credentials: the exporter keeps serving, counts ProxyError, and
 * the password shows nowhere.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { runCli, startCli, type CliRun } from '../support/cli-process.js';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { findSamples, parseExposition, sampleValue } from '../support/exposition.js';
import { createTestCa, type TestCa } from '../support/test-ca.js';
import { KNOWN_CREDENTIAL, knownDataset } from '../fixtures/known-dataset.js';

const PASSWORD = 'pr0xy-pa55word';

let ca: TestCa;
let simulator: RunningSimulator;
let workDir: string;
/** TLS on 127.0.0.1 in front of the simulator's plain HTTP: an https API endpoint. */
let tlsFront: TlsServer;
let tlsEndpoint: string;
const sockets = new Set<Socket>();
const running: CliRun[] = [];
const proxies: ConnectProxy[] = [];

beforeAll(async () => {
  ca = createTestCa();
  const pair = ca.issue('api');
  workDir = mkdtempSync(join(tmpdir(), 'acr-proxy-e2e-'));
  simulator = await startSimulator({ dataset: knownDataset(), credentials: [KNOWN_CREDENTIAL] });
  const [host, port] = simulator.endpoint(simulator.regions[0]!).split(':');
  tlsFront = createTlsServer({ cert: readFileSync(pair.cert), key: readFileSync(pair.key) }, (client) => {
    const upstream = connect({ host, port: Number(port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => tlsFront.listen(0, '127.0.0.1', resolve));
  tlsEndpoint = `127.0.0.1:${(tlsFront.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.stop()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => tlsFront.close(resolve));
  await simulator.close();
  rmSync(workDir, { recursive: true, force: true });
  ca.remove();
});

/** Every region of the known dataset answered by the one simulator, reached over https at the TLS front. */
async function startBehind(proxy: ConnectProxy, password: string): Promise<CliRun> {
  const regions = simulator.regions.map((id) => `  - id: ${id}\n    endpoint: ${tlsEndpoint}\n    protocol: https\n`).join('');
  const path = join(workDir, `config-${running.length}.yml`);
  writeFileSync(path, `regions:\n${regions}web:\n  listenAddress: 127.0.0.1:0\napi:\n  retry:\n    maxAttempts: 2\n    initialBackoff: 10ms\nlog:\n  level: debug\n`);
  const run = await startCli(['--config', path], {
    ALIBABA_CLOUD_ACCESS_KEY_ID: KNOWN_CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: KNOWN_CREDENTIAL.accessKeySecret,
    NODE_EXTRA_CA_CERTS: ca.caCert,
    HTTPS_PROXY: `http://exporter:${password}@127.0.0.1:${proxy.port}`,
    NO_PROXY: 'localhost,.svc',
  });
  running.push(run);
  return run;
}

async function scrape(run: CliRun) {
  const response = await fetch(`${run.url}/metrics`);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

describe('the CLI behind a CONNECT proxy', () => {
  it('HTTPS_PROXY: every API request goes through the proxy to the https endpoint, and the data is complete', async () => {
    const proxy = await startConnectProxy({ credentials: { user: 'exporter', password: PASSWORD } });
    proxies.push(proxy);
    const run = await startBehind(proxy, PASSWORD);

    const samples = await scrape(run);

    const success = findSamples(samples, 'acr_exporter_collect_success');
    expect(success.length).toBeGreaterThan(0);
    expect(success.every((sample) => sample.value === 1)).toBe(true);
    expect(findSamples(samples, 'acr_subscription_tasks').length).toBeGreaterThan(0);
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(proxy.connects.every((request) => request.target === tlsEndpoint)).toBe(true);
    expect(proxy.tunnels()).toBe(proxy.connects.length);
    // Keep-alive: fewer tunnels than API requests.
    expect(proxy.tunnels()).toBeLessThan(simulator.requests.entries.length);
    expect(run.stdout() + run.stderr()).not.toContain(PASSWORD);
  });

  it('a proxy rejecting the credentials: the exporter serves, counts ProxyError, and never shows the password', async () => {
    const proxy = await startConnectProxy({ credentials: { user: 'exporter', password: 'another' } });
    proxies.push(proxy);
    const run = await startBehind(proxy, PASSWORD);

    const samples = await scrape(run);

    // Discovery (ListInstance) cannot pass the proxy: nothing collected, the failures counted.
    expect(findSamples(samples, 'acr_subscription_tasks')).toEqual([]);
    expect(sampleValue(samples, 'acr_exporter_api_requests_total', { action: 'ListInstance', code: 'ProxyError' })).toBeGreaterThan(0);
    expect(proxy.tunnels()).toBe(0);
    const output = run.stdout() + run.stderr();
    expect(output).toContain(`proxy http://127.0.0.1:${proxy.port} refused the tunnel with HTTP 407`);
    expect(output).not.toContain(PASSWORD);
  });

  it('--check-config shows the proxy taken from HTTPS_PROXY without its password; a bad one exits 2 with one line', async () => {
    const checked = await runCli(['--check-config', '--region', 'cn-hangzhou'], { HTTPS_PROXY: `http://exporter:${PASSWORD}@proxy.internal:3128`, NO_PROXY: '.svc' });
    const refused = await runCli(['--region', 'cn-hangzhou'], { HTTPS_PROXY: `socks5://exporter:${PASSWORD}@proxy.internal:1080` });

    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('# from env HTTPS_PROXY, NO_PROXY: https endpoints via http://proxy.internal:3128, http endpoints direct; direct: .svc\n');
    expect(checked.stdout + checked.stderr).not.toContain(PASSWORD);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'acr-subscription-exporter: api.proxy: the proxy URL in HTTPS_PROXY has the scheme socks5, which is not supported; expected http://[user:password@]host[:port] (from env HTTPS_PROXY)\n',
    );
  });
});
