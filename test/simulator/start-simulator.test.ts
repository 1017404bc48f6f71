import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import {
  DEFAULT_SIM_ACCOUNT,
  startSimulator,
  staticTaskSource,
  timelineTaskSource,
  type RawRule,
  type RunningSimulator,
  type SimDataset,
  type TimelineTask,
} from '../../src/simulator/index.js';
import { callApi, callFailure } from './sim-client.js';

const KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret' };
const START_MS = 1_700_000_000_000;

function task(n: number): Record<string, unknown> {
  return { TaskId: `crast-${String(n).padStart(4, '0')}`, InstanceId: 'cri-a', TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', StartTime: START_MS - n * 1000 };
}

function rule(n: number): RawRule {
  return {
    RuleId: `crasr-${n}`,
    InstanceId: 'cri-a',
    NamespaceName: 'ns',
    RepoName: `repo-${n}`,
    SourceProvider: 'DOCKER_HUB',
    SourceNamespaceName: 'library',
    SourceRepoName: `repo-${n}`,
    TagRegexp: '.*',
    TagCount: 10,
    Platform: ['linux/amd64'],
    Override: false,
    Accelerate: false,
    CreateTime: START_MS,
    ModifiedTime: START_MS,
  };
}

const RUNNING_TASK: TimelineTask = {
  taskId: 'crast-timeline01',
  instanceId: 'cri-c',
  namespaceName: 'mirror-dockerhub',
  repoName: 'nginx',
  sourceProvider: 'DOCKER_HUB',
  sourceNamespaceName: 'library',
  sourceRepoName: 'nginx',
  taskType: 'AUTO',
  startMs: START_MS + 1000,
  durationMs: 60_000,
  finalResult: 'SUCCESS',
  tagTotalCount: 100,
  tagSubscriptionCount: 80,
};

function instance(id: string, region: string, status = 'RUNNING') {
  return { InstanceId: id, InstanceName: `name-${id}`, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: status, RegionId: region };
}

function dataset(): SimDataset {
  return {
    regions: [
      {
        id: 'cn-hangzhou',
        instances: [
          { instance: instance('cri-a', 'cn-hangzhou'), rules: Array.from({ length: 120 }, (_, n) => rule(n)), tasks: staticTaskSource(Array.from({ length: 250 }, (_, n) => task(n))) },
          { instance: instance('cri-stopped', 'cn-hangzhou', 'STOPPED'), rules: [], tasks: staticTaskSource([]) },
          { instance: instance('cri-c', 'cn-hangzhou'), rules: [], tasks: timelineTaskSource([RUNNING_TASK]) },
        ],
      },
      { id: 'cn-shanghai', instances: [{ instance: instance('cri-b', 'cn-shanghai'), rules: [], tasks: staticTaskSource([]) }] },
    ],
  };
}

describe('startSimulator', () => {
  let sim: RunningSimulator;
  const clock = new ManualClock(START_MS);
  let wallSkewMs = 0;
  const logLines: string[] = [];
  let hangzhou: string;

  beforeAll(async () => {
    sim = await startSimulator({
      dataset: dataset(),
      credentials: [KEY],
      clock,
      wallClock: () => Date.now() + wallSkewMs,
      log: (line) => logLines.push(line),
    });
    hangzhou = sim.endpoint('cn-hangzhou');
  });
  afterAll(async () => {
    await sim.close();
  });

  describe('signature verification', () => {
    it('accepts a request signed by the real client', async () => {
      const result = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a' });

      expect(result.statusCode).toBe(200);
      expect(result.body).toMatchObject({ Code: 'success', IsSuccess: true, PageNo: 1, PageSize: 30, TotalCount: 250 });
      expect(typeof result.body['RequestId']).toBe('string');
    });

    it('accepts query values with characters the wire leaves unescaped (!*()\') and non-ASCII', async () => {
      const result = await callApi(hangzhou, KEY, 'ListInstance', { InstanceName: "a!b*(c)'d é+x y" });

      expect(result.statusCode).toBe(200);
      expect(result.body['TotalCount']).toBe(0);
    });

    it('rejects a wrong secret with 400 SignatureDoesNotMatch', async () => {
      const failure = await callFailure(callApi(hangzhou, { ...KEY, accessKeySecret: 'wrong' }, 'ListInstance'));

      expect(failure).toMatchObject({ name: 'ClientError', code: 'SignatureDoesNotMatch', statusCode: 400 });
    });

    it('rejects an unknown key with 404 InvalidAccessKeyId.NotFound', async () => {
      const failure = await callFailure(callApi(hangzhou, { accessKeyId: 'LTAI-unknown', accessKeySecret: 'x' }, 'ListInstance'));

      expect(failure).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
    });

    it('rejects a date more than 15 minutes from the wall clock with 400 InvalidTimeStamp.Expired', async () => {
      wallSkewMs = 16 * 60_000;
      const ahead = await callFailure(callApi(hangzhou, KEY, 'ListInstance'));
      wallSkewMs = -16 * 60_000;
      const behind = await callFailure(callApi(hangzhou, KEY, 'ListInstance'));
      wallSkewMs = 14 * 60_000;
      const withinSkew = await callApi(hangzhou, KEY, 'ListInstance');
      wallSkewMs = 0;

      expect(ahead).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
      expect(behind).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
      expect(withinSkew.statusCode).toBe(200);
    });

    it('rejects a reused signature nonce with 400 SignatureNonceUsed', async () => {
      const headers = { 'x-acs-signature-nonce': `nonce-${Date.now()}` };

      const first = await callApi(hangzhou, KEY, 'ListInstance', {}, { headers });
      const second = await callFailure(callApi(hangzhou, KEY, 'ListInstance', {}, { headers }));

      expect(first.statusCode).toBe(200);
      expect(second).toMatchObject({ code: 'SignatureNonceUsed', statusCode: 400 });
    });

    it('answers an unsigned request with 400 MissingAuthorization in the API error shape', async () => {
      const response = await fetch(`http://${hangzhou}/?InstanceId=cri-a`, { headers: { 'x-acs-action': 'ListArtifactSubscriptionTask' } });
      const body = (await response.json()) as Record<string, unknown>;

      expect(response.status).toBe(400);
      expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
      expect(body).toMatchObject({ Code: 'MissingAuthorization', HostId: hangzhou });
    });

    it('rejects a body that does not match x-acs-content-sha256', async () => {
      const signed = await fetch(`http://${hangzhou}/`, {
        method: 'POST',
        body: 'tampered',
        headers: {
          authorization: `ACS3-HMAC-SHA256 Credential=${KEY.accessKeyId},SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00`,
          'x-acs-action': 'ListInstance',
          'x-acs-version': '2018-12-01',
          'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          'x-acs-signature-nonce': 'body-check',
          'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        },
      });
      const body = (await signed.json()) as Record<string, unknown>;

      expect(signed.status).toBe(400);
      expect(body['Code']).toBe('SignatureDoesNotMatch');
      expect(body['Message']).toContain('x-acs-content-sha256');
    });
  });

  describe('routing', () => {
    it('answers an unknown action with 404 InvalidAction.NotFound', async () => {
      const failure = await callFailure(callApi(hangzhou, KEY, 'DeleteInstance', { InstanceId: 'cri-a' }));

      expect(failure).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
    });

    it('answers another API version with 400 InvalidVersion', async () => {
      const failure = await callFailure(callApi(hangzhou, KEY, 'ListInstance', {}, { version: '2016-06-07' }));

      expect(failure).toMatchObject({ code: 'InvalidVersion', statusCode: 400 });
    });

    it('answers a missing InstanceId with 400 MissingInstanceId', async () => {
      const failure = await callFailure(callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask'));

      expect(failure).toMatchObject({ code: 'MissingInstanceId', statusCode: 400 });
    });

    it('answers an unknown instance, or one of another region, with HTTP 200 IsSuccess false INSTANCE_NOT_EXIST', async () => {
      const unknown = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-nope' });
      const otherRegion = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-b' });

      expect(unknown.statusCode).toBe(200);
      expect(unknown.body).toMatchObject({ IsSuccess: false, Code: 'INSTANCE_NOT_EXIST' });
      expect(otherRegion.body).toMatchObject({ IsSuccess: false, Code: 'INSTANCE_NOT_EXIST' });
    });

    it('answers a PageNo that is not a positive integer with 400 InvalidParameter', async () => {
      const failure = await callFailure(callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a', PageNo: 0 }));

      expect(failure).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    });

    it('throws for a region it does not serve', () => {
      expect(() => sim.endpoint('us-west-1')).toThrow(RangeError);
    });
  });

  describe('paging', () => {
    it('pages tasks with PageNo (1-based), PageSize and TotalCount', async () => {
      const third = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a', PageNo: 3, PageSize: 100 });
      const beyond = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a', PageNo: 4, PageSize: 100 });
      const tasks = third.body['Tasks'] as Record<string, unknown>[];

      expect(third.body).toMatchObject({ PageNo: 3, PageSize: 100, TotalCount: 250 });
      expect(tasks).toHaveLength(50);
      expect(tasks[0]?.['TaskId']).toBe('crast-0200');
      expect(tasks[49]?.['TaskId']).toBe('crast-0249');
      expect(beyond.body).toMatchObject({ PageNo: 4, TotalCount: 250, Tasks: [] });
    });

    it('caps PageSize at 100', async () => {
      const result = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a', PageSize: 500 });

      expect(result.body['PageSize']).toBe(100);
      expect(result.body['Tasks']).toHaveLength(100);
    });

    it('pages rules the same way', async () => {
      const second = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionRule', { InstanceId: 'cri-a', PageNo: 2, PageSize: 100 });
      const rules = second.body['Rules'] as Record<string, unknown>[];

      expect(second.body).toMatchObject({ Code: 'success', IsSuccess: true, PageNo: 2, PageSize: 100, TotalCount: 120 });
      expect(rules.map((r) => r['RuleId'])).toEqual(Array.from({ length: 20 }, (_, n) => `crasr-${n + 100}`));
    });
  });

  describe('ListInstance', () => {
    it("lists only the called region's instances, filtered by InstanceStatus", async () => {
      const all = await callApi(hangzhou, KEY, 'ListInstance');
      const running = await callApi(hangzhou, KEY, 'ListInstance', { InstanceStatus: 'RUNNING' });
      const shanghai = await callApi(sim.endpoint('cn-shanghai'), KEY, 'ListInstance');

      expect(all.body).toMatchObject({ Code: 'success', IsSuccess: true, PageNo: 1, PageSize: 30, TotalCount: 3 });
      expect((running.body['Instances'] as { InstanceId: string }[]).map((i) => i.InstanceId)).toEqual(['cri-a', 'cri-c']);
      expect((shanghai.body['Instances'] as { InstanceId: string }[]).map((i) => i.InstanceId)).toEqual(['cri-b']);
    });

    it('pages instances', async () => {
      const second = await callApi(hangzhou, KEY, 'ListInstance', { PageNo: 2, PageSize: 2 });

      expect(second.body['TotalCount']).toBe(3);
      expect((second.body['Instances'] as { InstanceId: string }[]).map((i) => i.InstanceId)).toEqual(['cri-c']);
    });

    it('serves instances added to the live dataset', async () => {
      sim.dataset.regions[1]?.instances.push({ instance: instance('cri-late', 'cn-shanghai'), rules: [], tasks: staticTaskSource([task(1)]) });

      const tasks = await callApi(sim.endpoint('cn-shanghai'), KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-late' });

      expect(tasks.body['TotalCount']).toBe(1);
    });
  });

  describe('task progress on the data clock', () => {
    it('hides a task before its start, shows it RUNNING, then finished', async () => {
      const query = { InstanceId: 'cri-c' };
      const before = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', query);
      await clock.advance(31_000);
      const running = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', query);
      await clock.advance(60_000);
      const finished = await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', query);

      expect(before.body).toMatchObject({ TotalCount: 0, Tasks: [] });
      expect(running.body['Tasks']).toEqual([
        expect.objectContaining({ TaskId: 'crast-timeline01', TaskStatus: 'RUNNING', TaskResult: '', EndTime: 0, StartTime: START_MS + 1000, TagSubscriptionCount: 40 }),
      ]);
      expect(finished.body['Tasks']).toEqual([
        expect.objectContaining({ TaskStatus: 'COMPLETED', TaskResult: 'SUCCESS', EndTime: START_MS + 61_000, TagSubscriptionCount: 80 }),
      ]);
    });

    it('answers GetArtifactSubscriptionTaskResult with per-tag results of a known task', async () => {
      const result = await callApi(hangzhou, KEY, 'GetArtifactSubscriptionTaskResult', { InstanceId: 'cri-c', TaskId: 'crast-timeline01', PageSize: 100 });
      const unknown = await callApi(hangzhou, KEY, 'GetArtifactSubscriptionTaskResult', { InstanceId: 'cri-c', TaskId: 'crast-nope' });
      const tags = result.body['TaskResults'] as Record<string, unknown>[];

      expect(result.body).toMatchObject({ Code: 'success', IsSuccess: true, TotalCount: 80 });
      expect(tags).toHaveLength(80);
      expect(tags[0]).toMatchObject({ Status: 'COMPLETED', Result: 'SUCCESS', NamespaceName: 'mirror-dockerhub', RepoName: 'nginx', StartTime: START_MS + 1000 });
      expect(unknown.body).toMatchObject({ IsSuccess: false, Code: 'TASK_NOT_EXIST' });
    });
  });

  describe('request log', () => {
    it('records every call with its outcome, and logs one line per call', async () => {
      sim.requests.clear();
      const linesBefore = logLines.length;

      await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a', PageNo: 2, PageSize: 100 });
      await callApi(hangzhou, KEY, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-nope' });
      await callFailure(callApi(hangzhou, { ...KEY, accessKeySecret: 'wrong' }, 'ListInstance'));

      expect(sim.requests.count()).toBe(3);
      expect(sim.requests.count({ action: 'ListArtifactSubscriptionTask' })).toBe(2);
      expect(sim.requests.entries[0]).toEqual({
        region: 'cn-hangzhou',
        action: 'ListArtifactSubscriptionTask',
        instanceId: 'cri-a',
        pageNo: 2,
        pageSize: 100,
        status: 200,
        code: 'success',
        accessKeyId: KEY.accessKeyId,
        account: DEFAULT_SIM_ACCOUNT,
      });
      expect(sim.requests.count({ code: 'INSTANCE_NOT_EXIST', status: 200 })).toBe(1);
      expect(sim.requests.count({ action: 'ListInstance', status: 400, code: 'SignatureDoesNotMatch' })).toBe(1);
      expect(logLines.length - linesBefore).toBe(3);
      expect(logLines.at(-1)).toContain('ListInstance');
      expect(logLines.join('\n')).not.toContain(KEY.accessKeySecret);
    });
  });
});
