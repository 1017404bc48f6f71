/**
 * The simulator's undocumented-behaviour knobs that incremental listing and the adaptive rate are
 * tested against: the order ListArtifactSubscriptionTask lists tasks in, and a server-side quota.
 * Through the real client (openapi-core signing, HTTP on loopback).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimulator, staticTaskSource, type ListOrder, type RunningSimulator, type SimDataset, type SimInstance } from '../../src/simulator/index.js';
import { ServerRateLimit } from '../../src/simulator/server-rate-limit.js';
import { callApi, callFailure } from './sim-client.js';

const KEY = { accessKeyId: 'LTAI-order-key', accessKeySecret: 'order-secret' };
const TASKS = 7;

/** cri-<order>: tasks t1 (oldest) .. t7 (newest), stored newest first as a TaskSource is. */
function instance(order: ListOrder): SimInstance {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({ TaskId: `t${TASKS - i}`, InstanceId: `cri-${order}`, TaskStatus: 'COMPLETED', StartTime: 1000 * (TASKS - i) }));
  return { instance: { InstanceId: `cri-${order}`, InstanceName: order, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' }, rules: [], tasks: staticTaskSource(tasks), listOrder: order };
}

let simulator: RunningSimulator;

beforeAll(async () => {
  const dataset: SimDataset = { regions: [{ id: 'cn-hangzhou', instances: (['newest-first', 'oldest-first', 'shuffled'] as const).map(instance) }] };
  simulator = await startSimulator({ dataset, credentials: [KEY] });
});

afterAll(() => simulator.close());

/** Every TaskId of the listing, page by page of `pageSize`. */
async function listAll(instanceId: string, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  for (let pageNo = 1; pageNo <= Math.ceil(TASKS / pageSize); pageNo++) {
    const { body } = await callApi(simulator.endpoint('cn-hangzhou'), KEY, 'ListArtifactSubscriptionTask', { InstanceId: instanceId, PageNo: pageNo, PageSize: pageSize });
    ids.push(...(body['Tasks'] as { TaskId: string }[]).map((task) => task.TaskId));
  }
  return ids;
}

describe('simulator list order', () => {
  it('lists newest first by default, and oldest first when told, across pages', async () => {
    expect(await listAll('cri-newest-first', 3)).toEqual(['t7', 't6', 't5', 't4', 't3', 't2', 't1']);
    expect(await listAll('cri-oldest-first', 3)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
  });

  it('shuffles into an order unrelated to time, the same on every call and for any page size', async () => {
    const shuffled = await listAll('cri-shuffled', 3);
    expect([...shuffled].sort()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
    expect(shuffled).not.toEqual(await listAll('cri-newest-first', 7));
    expect(shuffled).not.toEqual(await listAll('cri-oldest-first', 7));
    expect(await listAll('cri-shuffled', 2)).toEqual(shuffled);
  });
});

describe('ServerRateLimit', () => {
  it('admits a burst, then requestsPerSecond, refilling with time', () => {
    let nowMs = 0;
    const limit = new ServerRateLimit({ requestsPerSecond: 4, burst: 2 }, () => nowMs);
    expect([limit.admit(), limit.admit(), limit.admit()]).toEqual([true, true, false]);
    nowMs += 250; // one token
    expect([limit.admit(), limit.admit()]).toEqual([true, false]);
    nowMs += 10_000; // refills up to the burst only
    expect([limit.admit(), limit.admit(), limit.admit()]).toEqual([true, true, false]);
  });

  it('answers past the quota like the API: 400 Throttling.User', async () => {
    const dataset: SimDataset = { regions: [{ id: 'cn-beijing', instances: [] }] };
    let nowMs = 0;
    const limited = await startSimulator({ dataset, credentials: [KEY], rateLimit: { requestsPerSecond: 1, burst: 1 }, wallClock: () => Date.now() + nowMs });
    try {
      await callApi(limited.endpoint('cn-beijing'), KEY, 'ListInstance');
      const failure = await callFailure(callApi(limited.endpoint('cn-beijing'), KEY, 'ListInstance'));
      expect([failure.statusCode, failure.code]).toEqual([400, 'Throttling.User']);
      nowMs += 1000;
      expect((await callApi(limited.endpoint('cn-beijing'), KEY, 'ListInstance')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
