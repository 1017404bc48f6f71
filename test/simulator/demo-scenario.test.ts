import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { DEMO_FORBIDDEN_INSTANCE_ID, demoScenario, startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { callApi, callFailure } from './sim-client.js';

const NOW_MS = 1_700_000_000_000;
const MINUTE_MS = 60_000;

describe('demoScenario', () => {
  const clock = new ManualClock(NOW_MS);
  const demo = demoScenario(NOW_MS);
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ dataset: demo.dataset, credentials: [demo.credential], clock });
    for (const fault of demo.faults) sim.faults.add(fault);
  });
  afterAll(async () => {
    await sim.close();
  });

  const tasksOf = async (region: string, instanceId: string) =>
    (await callApi(sim.endpoint(region), demo.credential, 'ListArtifactSubscriptionTask', { InstanceId: instanceId, PageSize: 100 })).body[
      'Tasks'
    ] as Record<string, unknown>[];

  it('has the documented instances: three in cn-hangzhou, two in cn-shanghai', async () => {
    const hangzhou = await callApi(sim.endpoint('cn-hangzhou'), demo.credential, 'ListInstance');
    const shanghai = await callApi(sim.endpoint('cn-shanghai'), demo.credential, 'ListInstance');
    const names = (body: Record<string, unknown>) => (body['Instances'] as { InstanceId: string; InstanceName: string }[]).map((i) => `${i.InstanceId} ${i.InstanceName}`);

    expect(names(hangzhou.body)).toEqual(['cri-hangzhou00001 hz-prod', 'cri-hangzhou00002 hz-staging', 'cri-hangzhou00003 hz-restricted']);
    expect(names(shanghai.body)).toEqual(['cri-shanghai00001 sh-prod', 'cri-shanghai00002 sh-dr']);
  });

  it('answers 403 NoPrivilege for the restricted instance only', async () => {
    const failure = await callFailure(callApi(sim.endpoint('cn-hangzhou'), demo.credential, 'ListArtifactSubscriptionTask', { InstanceId: DEMO_FORBIDDEN_INSTANCE_ID }));
    const allowed = await tasksOf('cn-hangzhou', 'cri-hangzhou00002');

    expect(failure).toMatchObject({ code: 'NoPrivilege', statusCode: 403 });
    expect(allowed.length).toBeGreaterThan(0);
  });

  it('shows the documented live tasks and moves them with the clock', async () => {
    const nginx = (tasks: Record<string, unknown>[]) => tasks.find((task) => task['RepoName'] === 'nginx');
    const nodeExporter = (await tasksOf('cn-hangzhou', 'cri-hangzhou00001')).find((task) => task['RepoName'] === 'node-exporter');
    const runningNow = nginx(await tasksOf('cn-hangzhou', 'cri-hangzhou00001'));
    const stagingBefore = (await tasksOf('cn-hangzhou', 'cri-hangzhou00002')).length;
    await clock.advance(15 * MINUTE_MS);
    const finishedLater = nginx(await tasksOf('cn-hangzhou', 'cri-hangzhou00001'));
    const stagingAfter = (await tasksOf('cn-hangzhou', 'cri-hangzhou00002')).length;

    // Like the API reference's sample: RUNNING with TaskResult SUCCESS and EndTime one second before StartTime.
    expect(runningNow).toMatchObject({ TaskStatus: 'RUNNING', TaskResult: 'SUCCESS', EndTime: NOW_MS - 3 * MINUTE_MS - 1000, StartTime: NOW_MS - 3 * MINUTE_MS, TagTotalCount: 300 });
    expect(nodeExporter).toMatchObject({ TaskResult: 'FAILED', TagTotalCount: 40, TagSubscriptionCount: 5 });
    expect(finishedLater).toMatchObject({ TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: NOW_MS + 9 * MINUTE_MS, TagSubscriptionCount: 300 });
    expect(stagingAfter).toBe(stagingBefore + 1);
  });

  it('sends the task times of sh-prod as digit strings, the others as numbers', async () => {
    const shProd = await tasksOf('cn-shanghai', 'cri-shanghai00001');
    const shDr = await tasksOf('cn-shanghai', 'cri-shanghai00002');

    expect(shProd.length).toBeGreaterThan(0);
    for (const task of shProd) {
      expect(task['StartTime']).toMatch(/^\d+$/);
      expect(task['EndTime']).toMatch(/^\d+$/);
    }
    expect(shDr.every((task) => typeof task['StartTime'] === 'number')).toBe(true);
  });

  it('is the same for the same nowMs', () => {
    const again = demoScenario(NOW_MS);
    const tasks = (scenario: typeof demo) => scenario.dataset.regions.map((r) => r.instances.map((i) => i.tasks.slice(NOW_MS, 0, 100)));

    expect(JSON.stringify(tasks(again))).toBe(JSON.stringify(tasks(demoScenario(NOW_MS))));
    expect(again.credential).toEqual(demo.credential);
  });
});
