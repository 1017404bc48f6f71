import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { callApi, callFailure } from './sim-client.js';

/** Each fault kind as the real client sees it on the wire. */

const KEY = { accessKeyId: 'LTAI-fault-key', accessKeySecret: 'fault-secret' };

function dataset(): SimDataset {
  const tasks = Array.from({ length: 150 }, (_, n) => ({ TaskId: `crast-${n}`, InstanceId: 'cri-a', TaskStatus: 'COMPLETED' }));
  const instance = (id: string) => ({
    instance: { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' },
    rules: [],
    tasks: staticTaskSource(id === 'cri-a' ? tasks : []),
  });
  return { regions: [{ id: 'cn-hangzhou', instances: [instance('cri-a'), instance('cri-b')] }] };
}

describe('faults on the wire', () => {
  let sim: RunningSimulator;
  let endpoint: string;
  const listTasks = (instanceId = 'cri-a', extra: Record<string, number> = {}, timeoutMs?: number) =>
    callApi(endpoint, KEY, 'ListArtifactSubscriptionTask', { InstanceId: instanceId, ...extra }, timeoutMs ? { timeoutMs } : {});

  beforeAll(async () => {
    sim = await startSimulator({ dataset: dataset(), credentials: [KEY] });
    endpoint = sim.endpoint('cn-hangzhou');
  });
  afterEach(() => {
    sim.faults.clear();
    sim.requests.clear();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('latency: delays the answer, then answers normally', async () => {
    sim.faults.add({ kind: 'latency', latencyMs: 200 });
    const started = performance.now();

    const result = await listTasks();

    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(result.body['IsSuccess']).toBe(true);
  });

  it('throttling: 400 Throttling.User with the API message and x-acs-retry-after', async () => {
    sim.faults.add({ kind: 'throttling', retryAfterMs: 2 });

    const failure = await callFailure(listTasks());

    expect(failure).toMatchObject({ name: 'ThrottlingError', code: 'Throttling.User', statusCode: 400, retryAfter: 2 });
    expect(failure.message).toContain('Request was denied due to user flow control.');
    expect(sim.requests.count({ status: 400, code: 'Throttling.User' })).toBe(1);
  });

  it('throttling with code ServiceUnavailable: HTTP 503', async () => {
    sim.faults.add({ kind: 'throttling', code: 'ServiceUnavailable' });

    const failure = await callFailure(listTasks());

    expect(failure).toMatchObject({ name: 'ServerError', code: 'ServiceUnavailable', statusCode: 503 });
  });

  it('forbidden: 403 NoPrivilege, only for the instance named', async () => {
    sim.faults.add({ kind: 'forbidden', instanceId: 'cri-a' });

    const failure = await callFailure(listTasks('cri-a'));
    const other = await listTasks('cri-b');

    expect(failure).toMatchObject({ name: 'ClientError', code: 'NoPrivilege', statusCode: 403 });
    expect(failure.message).toContain('Access is denied for the user.');
    expect(other.body['IsSuccess']).toBe(true);
  });

  it('server-error: 500 SystemError', async () => {
    sim.faults.add({ kind: 'server-error', action: 'ListArtifactSubscriptionTask' });

    const failure = await callFailure(listTasks());

    expect(failure).toMatchObject({ name: 'ServerError', code: 'SystemError', statusCode: 500 });
  });

  it('timeout: never answers, so the client times out; logged as timeout', async () => {
    sim.faults.add({ kind: 'timeout', times: 1 });

    const failure = await callFailure(listTasks('cri-a', {}, 300));
    const next = await listTasks();

    expect(failure.message).toMatch(/timeout/i);
    expect(sim.requests.entries[0]).toMatchObject({ status: 0, code: 'timeout' });
    expect(next.body['IsSuccess']).toBe(true);
  });

  it('non-json: HTTP 200 with an HTML body, which the client cannot parse', async () => {
    sim.faults.add({ kind: 'non-json' });

    const failure = await callFailure(listTasks());

    expect(failure.name).toBe('SyntaxError');
    expect(failure.statusCode).toBeUndefined();
  });

  it('not-success: HTTP 200 with IsSuccess false and INSTANCE_NOT_EXIST, or the code given', async () => {
    sim.faults.add({ kind: 'not-success', times: 1 });
    sim.faults.add({ kind: 'not-success', code: 'SOMETHING_ELSE', times: 1 });

    const first = await listTasks();
    const second = await listTasks();

    expect(first).toMatchObject({ statusCode: 200, body: { IsSuccess: false, Code: 'INSTANCE_NOT_EXIST' } });
    expect(second.body).toMatchObject({ IsSuccess: false, Code: 'SOMETHING_ELSE' });
  });

  it('empty-500: HTTP 500 with an empty body', async () => {
    sim.faults.add({ kind: 'empty-500' });

    const failure = await callFailure(listTasks());

    expect(failure.name).toBe('SyntaxError');
    expect(sim.requests.count({ status: 500, code: 'empty-500' })).toBe(1);
  });

  it("html-502: HTTP 502 with a load balancer's HTML page", async () => {
    sim.faults.add({ kind: 'html-502' });

    const failure = await callFailure(listTasks());

    expect(failure.name).toBe('SyntaxError');
    expect(sim.requests.count({ status: 502, code: 'html-502' })).toBe(1);
  });

  it('insert-task: a task put at the head between two pages shifts the second page', async () => {
    const inserted = { TaskId: 'crast-inserted', InstanceId: 'cri-a', TaskStatus: 'RUNNING' };
    sim.faults.add({ kind: 'insert-task', pageNo: 2, times: 1, task: inserted });

    const first = await listTasks('cri-a', { PageNo: 1, PageSize: 100 });
    const second = await listTasks('cri-a', { PageNo: 2, PageSize: 100 });
    const again = await listTasks('cri-a', { PageNo: 1, PageSize: 1 });

    expect(first.body['TotalCount']).toBe(150);
    expect(second.body['TotalCount']).toBe(151);
    // The last task of page 1 is now the first of page 2.
    expect((second.body['Tasks'] as Record<string, unknown>[])[0]?.['TaskId']).toBe('crast-99');
    expect(again.body['Tasks']).toEqual([inserted]);
  });

  it('onCall: only the Nth matching call fails', async () => {
    sim.faults.add({ kind: 'server-error', onCall: 2 });

    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await listTasks().then(() => 'ok', (error: { code?: string }) => error.code));

    expect(outcomes).toEqual(['ok', 'SystemError', 'ok']);
  });

  it('remove: a removed fault no longer fires', async () => {
    const fault = sim.faults.add({ kind: 'forbidden' });
    fault.remove();

    const result = await listTasks();

    expect(result.body['IsSuccess']).toBe(true);
  });
});

describe('close with a request held by a timeout fault', () => {
  it('destroys the hanging socket and resolves', async () => {
    let held: () => void = () => undefined;
    const requestHeld = new Promise<void>((resolve) => (held = resolve));
    // The log line is written when the simulator decides not to answer: the event to wait for.
    const sim = await startSimulator({ dataset: dataset(), credentials: [KEY], log: (line) => line.includes('timeout') && held() });
    sim.faults.add({ kind: 'timeout' });
    const hanging = callFailure(callApi(sim.endpoint('cn-hangzhou'), KEY, 'ListInstance', {}, { timeoutMs: 20_000 }));
    await requestHeld;

    const started = performance.now();
    await sim.close();
    const failure = await hanging;

    expect(performance.now() - started).toBeLessThan(1000);
    // The client sees the connection dropped, long before its own 20 s timeout.
    expect(failure.message).toMatch(/socket hang up|ECONNRESET/);
  });
});
