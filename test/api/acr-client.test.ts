import { describe, it, expect, jest } from '@jest/globals';
import { AcrClient } from '../../src/api/acr-client.js';
import { ApiError } from '../../src/errors.js';
import { FakeTransport } from './fake-transport.js';

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function rawTask(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { TaskId: id, InstanceId: 'cri-1', TaskStatus: 'SUCCESS', TaskResult: 'SUCCESS', StartTime: 1_000, EndTime: 2_000, ...extra };
}

/** Serves `tasks` (mutable: tests insert at the head between pages) as ListArtifactSubscriptionTask pages. */
function taskListing(tasks: Record<string, unknown>[], onPage?: (pageNo: number) => void): FakeTransport {
  return new FakeTransport(({ query }) => {
    const pageNo = Number(query['PageNo']);
    const pageSize = Number(query['PageSize']);
    onPage?.(pageNo);
    return {
      RequestId: `req-${pageNo}`,
      IsSuccess: true,
      Code: 'success',
      PageNo: pageNo,
      PageSize: pageSize,
      TotalCount: tasks.length,
      Tasks: tasks.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    };
  });
}

describe('AcrClient.listSubscriptionTasks', () => {
  it('sends InstanceId, PageNo and PageSize, to the instance target, page after page', async () => {
    const transport = taskListing(Array.from({ length: 5 }, (_, i) => rawTask(`t${i}`)));
    const client = new AcrClient(transport, { pageSize: 2, maxPages: 10 });

    const pages = await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'));

    expect(pages.map((page) => page.tasks.map((task) => task.taskId))).toEqual([['t0', 't1'], ['t2', 't3'], ['t4']]);
    expect(pages.map((page) => page.pageNo)).toEqual([1, 2, 3]);
    expect(transport.calls).toEqual([1, 2, 3].map((pageNo) => ({
      action: 'ListArtifactSubscriptionTask',
      query: { InstanceId: 'cri-1', PageNo: pageNo, PageSize: 2 },
      target: { region: 'cn-hangzhou', instanceId: 'cri-1' },
    })));
  });

  it('yields each TaskId once when a task is inserted at the head while paging, and loses none', async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => rawTask(`t${i}`));
    const transport = taskListing(tasks, (pageNo) => {
      if (pageNo === 2) tasks.unshift(rawTask('new'));
    });
    const client = new AcrClient(transport, { pageSize: 3, maxPages: 10 });

    const ids = (await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'))).flatMap((page) => page.tasks.map((task) => task.taskId));

    // Page 2 now starts with t2 again (shifted by one); the repeat is dropped, t5 moves to page 3.
    expect(ids).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(transport.calls).toHaveLength(3);
  });

  it('remembers the TaskIds yielded for one listing only: the next listing yields them again', async () => {
    const client = new AcrClient(taskListing([rawTask('t0'), rawTask('t1')]), { pageSize: 100, maxPages: 10 });
    const idsOf = async () => (await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'))).flatMap((page) => page.tasks.map((task) => task.taskId));

    expect(await idsOf()).toEqual(['t0', 't1']);
    expect(await idsOf()).toEqual(['t0', 't1']);
  });

  it('reports invalid tasks per page and does not count a repeated task twice', async () => {
    const tasks = [rawTask('a', { StartTime: 'bad' }), { TaskStatus: 'RUNNING' }, rawTask('a', { StartTime: 'bad' }), rawTask('b', { TagTotalCount: 'x' })];
    const client = new AcrClient(taskListing(tasks), { pageSize: 2, maxPages: 10 });

    const pages = await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'));

    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ pageNo: 1, invalid: ['invalid_start_time', 'missing_task_id'] });
    expect(pages[0]?.tasks.map((task) => task.taskId)).toEqual(['a']);
    expect(pages[1]).toMatchObject({ pageNo: 2, invalid: ['invalid_tag_count'] });
    expect(pages[1]?.tasks.map((task) => task.taskId)).toEqual(['b']);
  });

  it('yields a page whose tasks were all rejected, so that their reasons are counted', async () => {
    const client = new AcrClient(taskListing([{ TaskStatus: 'RUNNING' }, { TaskStatus: 'RUNNING' }]), { pageSize: 100, maxPages: 10 });

    const pages = await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'));

    expect(pages).toEqual([{ pageNo: 1, tasks: [], invalid: ['missing_task_id', 'missing_task_id'] }]);
  });

  it('stops at maxPages when TotalCount lies, and tells the listing observer', async () => {
    let next = 0;
    const transport = new FakeTransport(({ query }) => ({
      IsSuccess: true,
      TotalCount: 1_000_000,
      Tasks: Array.from({ length: Number(query['PageSize']) }, () => rawTask(`t${next++}`)),
    }));
    const listings = { started: jest.fn(), incomplete: jest.fn() };
    const client = new AcrClient(transport, { pageSize: 10, maxPages: 4, listings });

    const pages = await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1'));

    expect(pages).toHaveLength(4);
    expect(transport.calls).toHaveLength(4);
    const target = { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-1' };
    expect(listings.started).toHaveBeenCalledWith(target);
    expect(listings.incomplete).toHaveBeenCalledWith({ ...target, reason: 'max_pages', pagesFetched: 4, listed: 40, announced: 1_000_000 });
  });

  it('fails with an invalid-response ApiError when Tasks is not an array', async () => {
    const client = new AcrClient(new FakeTransport(() => ({ IsSuccess: true, TotalCount: 1, Tasks: { TaskId: 'a' }, RequestId: 'req-x' })), { pageSize: 100, maxPages: 10 });

    const error = await collect(client.listSubscriptionTasks('cn-hangzhou', 'cri-1')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid-response', action: 'ListArtifactSubscriptionTask', instanceId: 'cri-1', requestId: 'req-x' });
  });

  it('fetches the next page only when the consumer asks', async () => {
    const transport = taskListing(Array.from({ length: 10 }, (_, i) => rawTask(`t${i}`)));
    const client = new AcrClient(transport, { pageSize: 2, maxPages: 10 });
    const pages = client.listSubscriptionTasks('cn-hangzhou', 'cri-1');

    await pages.next();
    await pages.next();

    expect(transport.calls).toHaveLength(2);
    await pages.return(undefined);
  });
});

describe('AcrClient.listInstances', () => {
  it('pages ListInstance for one region, with an InstanceStatus filter when given', async () => {
    const instances = Array.from({ length: 3 }, (_, i) => ({ InstanceId: `cri-${i}`, InstanceName: `n${i}`, InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' }));
    const transport = new FakeTransport(({ query }) => {
      const pageNo = Number(query['PageNo']);
      return { IsSuccess: true, TotalCount: 3, Instances: instances.slice((pageNo - 1) * 2, pageNo * 2) };
    });
    const client = new AcrClient(transport, { pageSize: 2, maxPages: 10 });

    const pages = await collect(client.listInstances('cn-hangzhou', { instanceStatus: 'RUNNING' }));

    expect(pages.map((page) => page.map((instance) => instance.instanceId))).toEqual([['cri-0', 'cri-1'], ['cri-2']]);
    expect(pages[0]?.[0]).toEqual({ instanceId: 'cri-0', instanceName: 'n0', instanceSpecification: '', instanceStatus: 'RUNNING', regionId: 'cn-hangzhou' });
    expect(transport.calls[0]).toEqual({ action: 'ListInstance', query: { InstanceStatus: 'RUNNING', PageNo: 1, PageSize: 2 }, target: { region: 'cn-hangzhou' } });
  });

  it('sends no InstanceStatus without a filter', async () => {
    const transport = new FakeTransport(() => ({ IsSuccess: true, TotalCount: 0, Instances: [] }));
    const client = new AcrClient(transport, { pageSize: 100, maxPages: 10 });

    expect(await collect(client.listInstances('cn-beijing'))).toEqual([]);
    expect(transport.calls[0]?.query).toEqual({ PageNo: 1, PageSize: 100 });
  });
});

describe('AcrClient.listSubscriptionRules', () => {
  it('pages ListArtifactSubscriptionRule and drops rules without RuleId', async () => {
    const transport = new FakeTransport(() => ({ IsSuccess: true, TotalCount: 2, Rules: [{ RuleId: 'crasr-1', RepoName: 'nginx', Platform: ['linux/amd64'] }, { RepoName: 'x' }] }));
    const client = new AcrClient(transport, { pageSize: 100, maxPages: 10 });

    const pages = await collect(client.listSubscriptionRules('cn-hangzhou', 'cri-1'));

    expect(pages.flat().map((rule) => rule.ruleId)).toEqual(['crasr-1']);
    expect(transport.calls[0]).toEqual({
      action: 'ListArtifactSubscriptionRule',
      query: { InstanceId: 'cri-1', PageNo: 1, PageSize: 100 },
      target: { region: 'cn-hangzhou', instanceId: 'cri-1' },
    });
  });
});

describe('AcrClient.getSubscriptionTaskResult', () => {
  it('gathers every page of per-tag results of one task', async () => {
    const tags = Array.from({ length: 3 }, (_, i) => ({ Tag: `v${i}`, Status: 'COMPLETED', Result: 'SUCCESS' }));
    const transport = new FakeTransport(({ query }) => {
      const pageNo = Number(query['PageNo']);
      return { IsSuccess: true, TotalCount: 3, TaskResults: tags.slice((pageNo - 1) * 2, pageNo * 2) };
    });
    const client = new AcrClient(transport, { pageSize: 2, maxPages: 10 });

    const results = await client.getSubscriptionTaskResult('cn-hangzhou', 'cri-1', 'crast-1');

    expect(results.map((result) => result.tag)).toEqual(['v0', 'v1', 'v2']);
    expect(transport.calls.map((call) => call.query)).toEqual([
      { InstanceId: 'cri-1', TaskId: 'crast-1', PageNo: 1, PageSize: 2 },
      { InstanceId: 'cri-1', TaskId: 'crast-1', PageNo: 2, PageSize: 2 },
    ]);
  });
});
