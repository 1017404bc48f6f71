/**
 * The real stack (configuration -> createAcrClient -> openapi-core signing -> HTTP on 127.0.0.1)
 * against the simulator, through a CONNECT proxy on loopback: api.proxy and the standard
 * variables, noProxy, keep-alive tunnels, and the errors of a proxy that refuses, wants
 * credentials or is not there, with its password never shown.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Registry } from 'prom-client';
import { createAcrClient } from '../../src/api/create-acr-client.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ApiError } from '../../src/errors.js';
import { METRICS } from '../../src/metric-names.js';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy.js';
import { recordingLogger } from '../support/recording-logger.js';

const KEY = { accessKeyId: 'proxy-test-key', accessKeySecret: 'proxy-test-secret' };
const REGION = 'cn-hangzhou';
const INSTANCE = 'cri-proxied';
const TASKS = 150;
const PASSWORD = 'p@ss:w0rd/secret';
const MAX_ATTEMPTS = 3;

function dataset(): SimDataset {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    TaskId: `t${i}`,
    InstanceId: INSTANCE,
    TaskStatus: 'SUCCESS',
    TaskResult: 'SUCCESS',
    TaskType: 'AUTO',
    StartTime: String(1_700_000_000_000 + i * 1_000),
    EndTime: String(1_700_000_000_000 + i * 1_000 + 500),
    NamespaceName: 'ns',
    RepoName: `repo-${i % 3}`,
    SourceProvider: 'DOCKER_HUB',
    TagTotalCount: 2,
    TagSubscriptionCount: 2,
  }));
  const instance = { InstanceId: INSTANCE, InstanceName: 'proxied', InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION };
  return { regions: [{ id: REGION, instances: [{ instance, rules: [], tasks: staticTaskSource(tasks) }] }] };
}

let simulator: RunningSimulator;
const proxies: ConnectProxy[] = [];

async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  proxies.push(started);
  return started;
}

/** A client built the production way: YAML through loadConfig (with `env`), then createAcrClient. */
function client(apiYaml: string, env: Record<string, string> = {}, registry = new Registry()) {
  const yaml = [
    'regions:',
    `  - id: ${REGION}`,
    `    endpoint: ${simulator.endpoint(REGION)}`,
    '    protocol: http',
    'api:',
    '  connectTimeout: 2s',
    '  requestsPerSecond: 1000',
    '  burst: 1000',
    '  adaptive: false',
    '  retry:',
    `    maxAttempts: ${MAX_ATTEMPTS}`,
    '    initialBackoff: 10ms',
    '    maxBackoff: 20ms',
    apiYaml,
  ].join('\n');
  const { config } = loadConfig({ argv: ['--config', 'proxy.yml'], env, readFile: () => yaml });
  const credential = new credentials.default(new credentials.Config({ type: 'access_key', ...KEY }));
  const { logger, lines } = recordingLogger('debug');
  const acr = createAcrClient({ regions: config.regions, api: config.api, paging: { pageSize: 100, maxPages: 100 } }, registry, { credential, logger, random: () => 0 });
  return { acr, registry, lines };
}

async function listTasks(acr: ReturnType<typeof client>['acr']): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of acr.listSubscriptionTasks(REGION, INSTANCE)) ids.push(...page.tasks.map((task) => task.taskId));
  return ids;
}

async function failureOf(acr: ReturnType<typeof client>['acr']): Promise<ApiError> {
  const error = await listTasks(acr).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

async function apiRequests(registry: Registry, code: string): Promise<number> {
  const metric = registry.getSingleMetric(METRICS.apiRequests.name);
  const values = metric ? (await metric.get()).values : [];
  return values.filter((value) => value.labels['code'] === code).reduce((sum, value) => sum + value.value, 0);
}

const allTaskIds = Array.from({ length: TASKS }, (_, i) => `t${i}`);

beforeAll(async () => {
  simulator = await startSimulator({ dataset: dataset(), credentials: [KEY] });
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((started) => started.close()));
  simulator.requests.clear();
});
afterAll(async () => {
  await simulator.close();
});

describe('API requests through a CONNECT proxy', () => {
  it('api.proxy: every request goes through one kept-alive tunnel to the endpoint, and the data is complete', async () => {
    const through = await proxy();
    const { acr, registry } = client(`  proxy: ${through.url}`);

    const first = await listTasks(acr);
    const second = await listTasks(acr);

    expect(first).toEqual(allTaskIds);
    expect(second).toEqual(allTaskIds);
    expect(simulator.requests.count({ action: 'ListArtifactSubscriptionTask', status: 200 })).toBe(4); // 2 pages, twice
    expect(through.connects).toEqual([{ target: simulator.endpoint(REGION), authorization: undefined }]);
    expect(through.tunnels()).toBe(1);
    expect(await apiRequests(registry, 'success')).toBe(4);
  });

  it('sends the credentials of the URL, percent-decoded, to the proxy only', async () => {
    const through = await proxy({ credentials: { user: 'exporter', password: PASSWORD } });
    const { acr } = client(`  proxy: http://exporter:${encodeURIComponent(PASSWORD)}@127.0.0.1:${through.port}`);

    expect(await listTasks(acr)).toEqual(allTaskIds);
    expect(through.connects.map((connect) => connect.authorization)).toEqual([`Basic ${Buffer.from(`exporter:${PASSWORD}`).toString('base64')}`]);
    expect(simulator.requests.entries.every((entry) => !JSON.stringify(entry).includes('Basic'))).toBe(true);
  });

  it('api.noProxy: a listed endpoint (host, or host:port) is reached directly', async () => {
    const through = await proxy();
    const port = simulator.endpoint(REGION).split(':')[1];

    for (const entry of ['127.0.0.1', `127.0.0.1:${port}`, '127.0.0.0/8', '*']) {
      const { acr } = client(`  proxy: ${through.url}\n  noProxy: ['${entry}']`);
      expect(await listTasks(acr)).toEqual(allTaskIds);
    }
    const { acr: otherPort } = client(`  proxy: ${through.url}\n  noProxy: ['127.0.0.1:1']`);
    expect(await listTasks(otherPort)).toEqual(allTaskIds);

    expect(through.connects).toHaveLength(1); // only the entry for another port let the request through the proxy
  });

  it('HTTP_PROXY is honoured for http endpoints when api.proxy is unset; HTTPS_PROXY is not theirs; NO_PROXY bypasses', async () => {
    const viaEnv = await proxy();
    const httpsOnly = await proxy();

    const { acr } = client('', { HTTP_PROXY: viaEnv.url, HTTPS_PROXY: httpsOnly.url });
    expect(await listTasks(acr)).toEqual(allTaskIds);
    const { acr: lowerCase } = client('', { http_proxy: `127.0.0.1:${viaEnv.port}` }); // no scheme: http:// as curl reads it
    expect(await listTasks(lowerCase)).toEqual(allTaskIds);
    const { acr: bypassed } = client('', { HTTP_PROXY: viaEnv.url, NO_PROXY: 'localhost, 127.0.0.1' });
    expect(await listTasks(bypassed)).toEqual(allTaskIds);

    expect(viaEnv.tunnels()).toBe(2);
    expect(httpsOnly.connects).toEqual([]);
  });

  it('keys win over the variables: api.proxy over HTTP_PROXY, api.noProxy [] over NO_PROXY', async () => {
    const configured = await proxy();
    const fromEnv = await proxy({ refuseWith: 403 });

    const { acr } = client(`  proxy: ${configured.url}\n  noProxy: []`, { HTTP_PROXY: fromEnv.url, NO_PROXY: '*' });

    expect(await listTasks(acr)).toEqual(allTaskIds);
    expect(configured.tunnels()).toBe(1);
    expect(fromEnv.connects).toEqual([]);
  });
});

describe('proxy failures', () => {
  it('407: a ProxyError naming the proxy (never the password), retried, counted under code ProxyError', async () => {
    const strict = await proxy({ credentials: { user: 'exporter', password: 'right' } });
    const { acr, registry, lines } = client(`  proxy: http://exporter:${encodeURIComponent(PASSWORD)}@127.0.0.1:${strict.port}`);

    const error = await failureOf(acr);

    expect(error).toMatchObject({ code: 'ProxyError', statusCode: 407, kind: 'network', attempts: MAX_ATTEMPTS });
    expect(error.message).toBe(
      `ListArtifactSubscriptionTask ${REGION}/${INSTANCE} failed: ProxyError HTTP 407: proxy ${strict.url} refused the tunnel with HTTP 407 Proxy Authentication Required: it rejected the credentials (CONNECT ${simulator.endpoint(REGION)})`,
    );
    expect(strict.connects).toHaveLength(MAX_ATTEMPTS);
    expect(simulator.requests.entries).toEqual([]);
    expect(await apiRequests(registry, 'ProxyError')).toBe(MAX_ATTEMPTS);
    const everything = JSON.stringify(lines) + error.message + JSON.stringify(error);
    expect(everything).not.toContain('w0rd');
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
    expect(everything).toContain('ProxyError');
  });

  it('407 without credentials says the proxy wants some', async () => {
    const strict = await proxy({ credentials: { user: 'exporter', password: 'right' } });

    const error = await failureOf(client(`  proxy: ${strict.url}`).acr);

    expect(error.detail).toBe(`proxy ${strict.url} refused the tunnel with HTTP 407 Proxy Authentication Required: it wants credentials (CONNECT ${simulator.endpoint(REGION)})`);
  });

  it('a proxy that refuses the tunnel (403) or is not listening: ProxyError, retried', async () => {
    const refusing = await proxy({ refuseWith: 403 });
    const gone = await proxy();
    await gone.close();

    const refused = await failureOf(client(`  proxy: ${refusing.url}`).acr);
    const unreachable = await failureOf(client(`  proxy: ${gone.url}`).acr);

    expect(refused).toMatchObject({ code: 'ProxyError', statusCode: 403, attempts: MAX_ATTEMPTS });
    expect(refused.detail).toContain(`proxy ${refusing.url} refused the tunnel with HTTP 403 Refused`);
    expect(unreachable).toMatchObject({ code: 'ProxyError', statusCode: undefined, attempts: MAX_ATTEMPTS });
    expect(unreachable.detail).toMatch(new RegExp(`^proxy ${gone.url} could not be reached: connect ECONNREFUSED 127\\.0\\.0\\.1:${gone.port} \\(CONNECT`));
  });

  it('a proxy that never answers CONNECT: ProxyError after api.connectTimeout', async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { acr } = client(`  proxy: http://127.0.0.1:${port}`, { ACR_API_CONNECT_TIMEOUT: '100ms', ACR_API_RETRY_MAX_ATTEMPTS: '1' });

      const error = await failureOf(acr);

      expect(error).toMatchObject({ code: 'ProxyError', attempts: 1 });
      expect(error.detail).toBe(`proxy http://127.0.0.1:${port} did not open the tunnel within 100 ms (CONNECT ${simulator.endpoint(REGION)})`);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
