import { describe, expect, it } from '@jest/globals';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/api/models.js';
import { SeenTaskIds } from '../../src/collector/seen-task-ids.js';
import { TaskAggregator } from '../../src/collector/task-aggregator.js';
import { DEFAULT_IN_PROGRESS, RecordingSink, T0_MS, page, task } from './subscription-task-fixture.js';

const MINUTE_MS = 60_000;

function aggregatorWith(options: { inProgressStatuses?: ReadonlySet<string>; seen?: SeenTaskIds; sink?: RecordingSink } = {}) {
  const sink = options.sink ?? new RecordingSink();
  const seen = options.seen ?? new SeenTaskIds(1000);
  const aggregator = new TaskAggregator({
    inProgressStatuses: options.inProgressStatuses ?? DEFAULT_IN_PROGRESS,
    seen,
    instanceKey: 'cn-hangzhou/cri-a',
    sink,
  });
  return { aggregator, sink, seen };
}

function summarise(tasks: SubscriptionTask[], options: Parameters<typeof aggregatorWith>[0] = {}) {
  const { aggregator, sink } = aggregatorWith(options);
  aggregator.add(page(tasks));
  return { summary: aggregator.summary(), sink };
}

describe('TaskAggregator: counts by status and result', () => {
  it('counts every (status, result) pair, NONE for empty, unknown values kept', () => {
    const { summary } = summarise([
      task({ taskId: 't1', taskStatus: 'RUNNING', taskResult: '', endTimeMs: undefined }),
      task({ taskId: 't2', taskStatus: 'RUNNING', taskResult: '', endTimeMs: undefined }),
      task({ taskId: 't3', taskStatus: 'SUCCESS', taskResult: 'SUCCESS' }),
      task({ taskId: 't4', taskStatus: 'FAILED', taskResult: 'FAILED' }),
      task({ taskId: 't5', taskStatus: 'BRAND_NEW_STATUS', taskResult: 'PARTIAL' }),
      task({ taskId: 't6', taskStatus: '', taskResult: '  ' }),
    ]);

    expect(summary.tasksByStatusResult).toEqual([
      { status: 'BRAND_NEW_STATUS', result: 'PARTIAL', count: 1 },
      { status: 'FAILED', result: 'FAILED', count: 1 },
      { status: 'NONE', result: 'NONE', count: 1 },
      { status: 'RUNNING', result: 'NONE', count: 2 },
      { status: 'SUCCESS', result: 'SUCCESS', count: 1 },
    ]);
    expect(summary.tasksListed).toBe(6);
  });

  it('sums counts across pages', () => {
    const { aggregator } = aggregatorWith();
    aggregator.add(page([task({ taskId: 't1', taskResult: 'FAILED' })], [], 1));
    aggregator.add(page([task({ taskId: 't2', taskResult: 'FAILED' }), task({ taskId: 't3' })], [], 2));

    expect(aggregator.summary().tasksByStatusResult).toEqual([
      { status: 'SUCCESS', result: 'FAILED', count: 2 },
      { status: 'SUCCESS', result: 'SUCCESS', count: 1 },
    ]);
    expect(aggregator.summary().tasksListed).toBe(3);
  });

  it('summarises an empty listing as nothing', () => {
    const { summary } = summarise([]);
    expect(summary).toEqual({ tasksByStatusResult: [], oldestInProgressStartTimeMs: undefined, repositories: [], tasksListed: 0 });
  });
});

describe('TaskAggregator: in progress and finished', () => {
  it('reports the StartTime of the oldest in-progress task, whatever the listing order', () => {
    const { summary } = summarise([
      task({ taskId: 't1', taskStatus: 'RUNNING', startTimeMs: T0_MS + 5 * MINUTE_MS, endTimeMs: undefined }),
      task({ taskId: 't2', taskStatus: 'QUEUED', startTimeMs: T0_MS + 2 * MINUTE_MS, endTimeMs: undefined }),
      task({ taskId: 't3', taskStatus: 'RUNNING', startTimeMs: undefined, endTimeMs: undefined }),
      // Older, but finished: not in progress.
      task({ taskId: 't4', taskStatus: 'SUCCESS', startTimeMs: T0_MS }),
    ]);
    expect(summary.oldestInProgressStartTimeMs).toBe(T0_MS + 2 * MINUTE_MS);
  });

  it('has no oldest in-progress StartTime when nothing is in progress', () => {
    const { summary } = summarise([task({ taskStatus: 'FAILED', taskResult: 'FAILED' })]);
    expect(summary.oldestInProgressStartTimeMs).toBeUndefined();
  });

  it('counts finished tasks (EndTime > 0, not in progress) as completed, not running or unended ones', () => {
    const { sink } = summarise([
      task({ taskId: 'running', taskStatus: 'RUNNING', taskResult: '', endTimeMs: undefined }),
      task({ taskId: 'running-with-end', taskStatus: 'RUNNING', endTimeMs: T0_MS + MINUTE_MS }),
      task({ taskId: 'no-end', taskStatus: 'SUCCESS', endTimeMs: undefined }),
      task({ taskId: 'end-zero', taskStatus: 'SUCCESS', endTimeMs: 0 }),
      task({ taskId: 'ok', taskStatus: 'SUCCESS', taskResult: 'SUCCESS', endTimeMs: T0_MS + 2 * MINUTE_MS }),
      task({ taskId: 'failed', taskStatus: 'FAILED', taskResult: 'FAILED', endTimeMs: T0_MS + 30_000 }),
      task({ taskId: 'no-result', taskStatus: 'DONE', taskResult: '', endTimeMs: T0_MS + 10_000 }),
    ]);
    expect(sink.completed).toEqual([
      { result: 'SUCCESS', durationSeconds: 120 },
      { result: 'FAILED', durationSeconds: 30 },
      { result: 'NONE', durationSeconds: 10 },
    ]);
  });

  it('follows custom in-progress statuses', () => {
    const { summary, sink } = summarise(
      [
        task({ taskId: 'syncing', taskStatus: 'SYNCING', startTimeMs: T0_MS, endTimeMs: T0_MS + MINUTE_MS }),
        task({ taskId: 'running', taskStatus: 'RUNNING', startTimeMs: T0_MS, endTimeMs: T0_MS + MINUTE_MS }),
      ],
      { inProgressStatuses: new Set(['SYNCING']) },
    );
    expect(summary.oldestInProgressStartTimeMs).toBe(T0_MS);
    expect(sink.completed).toEqual([{ result: 'SUCCESS', durationSeconds: 60 }]);
  });
});

describe('TaskAggregator: per repository', () => {
  const older = task({
    taskId: 'crast-old',
    startTimeMs: T0_MS,
    endTimeMs: T0_MS + 2 * MINUTE_MS,
    taskStatus: 'SUCCESS',
    taskResult: 'SUCCESS',
    tagTotalCount: 10,
    tagSubscriptionCount: 10,
  });
  const newer = task({
    taskId: 'crast-new',
    startTimeMs: T0_MS + 60 * MINUTE_MS,
    endTimeMs: T0_MS + 65 * MINUTE_MS,
    taskStatus: 'FAILED',
    taskResult: 'FAILED',
    taskType: 'MANUAL',
    sourceProvider: 'GCR',
    sourceNamespaceName: 'google-containers',
    sourceRepoName: 'pause',
    tagTotalCount: 8,
    tagSubscriptionCount: 2,
  });
  const newestRunning = task({
    taskId: 'crast-running',
    startTimeMs: T0_MS + 90 * MINUTE_MS,
    endTimeMs: undefined,
    taskStatus: 'RUNNING',
    taskResult: '',
    tagTotalCount: undefined,
    tagSubscriptionCount: undefined,
  });

  it('picks the newest task by StartTime regardless of listing order', () => {
    const forwards = summarise([older, newer]).summary.repositories;
    const backwards = summarise([newer, older]).summary.repositories;

    const expected = {
      namespace: 'mirror',
      repository: 'nginx',
      lastTask: {
        startTimeMs: T0_MS + 60 * MINUTE_MS,
        tagTotalCount: 8,
        tagSubscriptionCount: 2,
        sourceProvider: 'GCR',
        sourceNamespace: 'google-containers',
        sourceRepository: 'pause',
        taskType: 'MANUAL',
        status: 'FAILED',
        result: 'FAILED',
      },
      lastFinishedDurationSeconds: 300,
      lastSuccessEndTimeMs: T0_MS + 2 * MINUTE_MS,
    };
    expect(forwards).toEqual([expected]);
    expect(backwards).toEqual([expected]);
  });

  it('takes the last duration from the newest FINISHED task, and the last success from the newest SUCCESS', () => {
    const [repository] = summarise([newestRunning, older, newer]).summary.repositories;
    expect(repository?.lastTask.status).toBe('RUNNING');
    expect(repository?.lastTask.result).toBe('NONE');
    expect(repository?.lastTask.tagTotalCount).toBeUndefined();
    expect(repository?.lastFinishedDurationSeconds).toBe(300);
    expect(repository?.lastSuccessEndTimeMs).toBe(T0_MS + 2 * MINUTE_MS);
  });

  it('has no last duration or last success when no task finished', () => {
    const [repository] = summarise([newestRunning]).summary.repositories;
    expect(repository?.lastFinishedDurationSeconds).toBeUndefined();
    expect(repository?.lastSuccessEndTimeMs).toBeUndefined();
  });

  it('does not take a SUCCESS result of a task still in progress as a success', () => {
    const [repository] = summarise([task({ taskStatus: 'RUNNING', taskResult: 'SUCCESS', endTimeMs: T0_MS + MINUTE_MS })]).summary
      .repositories;
    expect(repository?.lastSuccessEndTimeMs).toBeUndefined();
  });

  it('has no last duration when the newest finished task ended before it started', () => {
    const negative = task({ taskId: 'crast-neg', startTimeMs: T0_MS + 100 * MINUTE_MS, endTimeMs: T0_MS + 99 * MINUTE_MS });
    const [repository] = summarise([older, negative]).summary.repositories;
    expect(repository?.lastFinishedDurationSeconds).toBeUndefined();
  });

  it('breaks a StartTime tie with the greater TaskId, in either listing order', () => {
    const a = task({ taskId: 'crast-a', taskResult: 'FAILED' });
    const b = task({ taskId: 'crast-b', taskResult: 'SUCCESS' });
    expect(summarise([a, b]).summary.repositories[0]?.lastTask.result).toBe('SUCCESS');
    expect(summarise([b, a]).summary.repositories[0]?.lastTask.result).toBe('SUCCESS');
  });

  it('keeps repositories apart and sorts them by namespace, then repository; empty names become NONE', () => {
    const { summary } = summarise([
      task({ taskId: 't1', namespaceName: 'zeta', repoName: 'app' }),
      task({ taskId: 't2', namespaceName: 'alpha', repoName: 'web' }),
      task({ taskId: 't3', namespaceName: 'alpha', repoName: 'api' }),
      task({ taskId: 't4', namespaceName: '', repoName: '' }),
      task({ taskId: 't5', namespaceName: 'alpha', repoName: 'api' }),
    ]);
    expect(summary.repositories.map((r) => `${r.namespace}/${r.repository}`)).toEqual(['NONE/NONE', 'alpha/api', 'alpha/web', 'zeta/app']);
  });
});

describe('TaskAggregator: completed tasks and invalid tasks', () => {
  it('counts a finished task once per TaskId across two collections', () => {
    const seen = new SeenTaskIds(1000);
    const sink = new RecordingSink();
    const listing = [task({ taskId: 't1' }), task({ taskId: 't2', taskStatus: 'RUNNING', endTimeMs: undefined })];

    const first = aggregatorWith({ seen, sink }).aggregator;
    first.add(page(listing));
    expect(sink.completed).toHaveLength(1);

    // The next collection: t1 again, t2 now finished, t3 new.
    const second = aggregatorWith({ seen, sink }).aggregator;
    second.add(
      page([
        task({ taskId: 't1' }),
        task({ taskId: 't2', taskResult: 'FAILED', endTimeMs: T0_MS + 10_000 }),
        task({ taskId: 't3', taskResult: 'FAILED', endTimeMs: T0_MS + 20_000 }),
      ]),
    );
    expect(sink.completed).toEqual([
      { result: 'SUCCESS', durationSeconds: 60 },
      { result: 'FAILED', durationSeconds: 10 },
      { result: 'FAILED', durationSeconds: 20 },
    ]);
  });

  it('does not observe a negative duration, counts the task, and reports it invalid once per TaskId', () => {
    const seen = new SeenTaskIds(1000);
    const sink = new RecordingSink();
    const negative = task({ taskId: 'neg', startTimeMs: 1_695_348_301_000, endTimeMs: 1_692_756_630_000 });

    aggregatorWith({ seen, sink }).aggregator.add(page([negative]));
    aggregatorWith({ seen, sink }).aggregator.add(page([negative]));

    expect(sink.completed).toEqual([{ result: 'SUCCESS', durationSeconds: undefined }]);
    expect(sink.invalid).toEqual(['negative_duration']);
  });

  it('passes every invalid reason of every page to the sink, each time it is listed', () => {
    const { aggregator, sink } = aggregatorWith();
    aggregator.add(page([task({ taskId: 't1' })], ['missing_task_id', 'invalid_start_time']));
    aggregator.add(page([], ['missing_task_id']));
    expect(sink.invalid).toEqual(['missing_task_id', 'invalid_start_time', 'missing_task_id']);
  });

  it('counts again a task evicted from a too small SeenTaskIds (the documented bound)', () => {
    const seen = new SeenTaskIds(2);
    const sink = new RecordingSink();
    const listing = page([task({ taskId: 't1' }), task({ taskId: 't2' }), task({ taskId: 't3' })]);

    aggregatorWith({ seen, sink }).aggregator.add(listing);
    aggregatorWith({ seen, sink }).aggregator.add(listing);

    // Three finished tasks over a bound of two: each collection evicts the one it needs next.
    expect(sink.completed).toHaveLength(6);
  });

  it('does not count again tasks listed within the bound', () => {
    const seen = new SeenTaskIds(3);
    const sink = new RecordingSink();
    const listing = page([task({ taskId: 't1' }), task({ taskId: 't2' }), task({ taskId: 't3' })]);

    aggregatorWith({ seen, sink }).aggregator.add(listing);
    aggregatorWith({ seen, sink }).aggregator.add(listing);

    expect(sink.completed).toHaveLength(3);
  });
});

describe('TaskAggregator: streaming', () => {
  const TASKS = 100_000;
  const REPOSITORIES = 10;
  const PAGE_SIZE = 100;

  /** 100,000 tasks over 10 repositories, made one page at a time and never kept. */
  function* syntheticPages(): Generator<SubscriptionTaskPage> {
    for (let first = 0; first < TASKS; first += PAGE_SIZE) {
      const tasks: SubscriptionTask[] = [];
      for (let i = first; i < first + PAGE_SIZE; i += 1) {
        const running = i % 1000 === 0;
        tasks.push(
          task({
            taskId: `crast-${i}`,
            namespaceName: 'mirror',
            repoName: `repo-${i % REPOSITORIES}`,
            taskStatus: running ? 'RUNNING' : 'SUCCESS',
            taskResult: running ? '' : i % 20 === 13 ? 'FAILED' : 'SUCCESS',
            startTimeMs: T0_MS + i * 1000,
            endTimeMs: running ? undefined : T0_MS + i * 1000 + 30_000,
          }),
        );
      }
      yield page(tasks, [], first / PAGE_SIZE + 1);
    }
  }

  it('aggregates 100,000 tasks into per-repository state only', () => {
    let completed = 0;
    const aggregator = new TaskAggregator({
      inProgressStatuses: DEFAULT_IN_PROGRESS,
      seen: new SeenTaskIds(TASKS),
      instanceKey: 'cn-hangzhou/cri-a',
      sink: { taskCompleted: () => (completed += 1), invalidTask: () => undefined },
    });

    for (const p of syntheticPages()) aggregator.add(p);
    const summary = aggregator.summary();

    // 100 running tasks (i % 1000 === 0); of the rest, i % 20 === 13 failed: 5,000.
    expect(summary.tasksListed).toBe(TASKS);
    expect(summary.tasksByStatusResult).toEqual([
      { status: 'RUNNING', result: 'NONE', count: 100 },
      { status: 'SUCCESS', result: 'FAILED', count: 5_000 },
      { status: 'SUCCESS', result: 'SUCCESS', count: 94_900 },
    ]);
    expect(completed).toBe(99_900);
    expect(summary.oldestInProgressStartTimeMs).toBe(T0_MS);
    expect(summary.repositories).toHaveLength(REPOSITORIES);
    // repo-3's newest task is i = 99,993 (FAILED); its newest success is 99,983.
    const repo3 = summary.repositories.find((r) => r.repository === 'repo-3');
    expect(repo3?.lastTask.startTimeMs).toBe(T0_MS + 99_993 * 1000);
    expect(repo3?.lastTask.result).toBe('FAILED');
    expect(repo3?.lastSuccessEndTimeMs).toBe(T0_MS + 99_983 * 1000 + 30_000);
    expect(repo3?.lastFinishedDurationSeconds).toBe(30);
    // Retained state is per repository: the aggregator counts repositories and exposes no tasks.
    expect(aggregator.repositoryCount).toBe(REPOSITORIES);
    expect(Object.values(summary).some((value) => Array.isArray(value) && value.length > REPOSITORIES)).toBe(false);
  });
});
