import { describe, expect, it } from '@jest/globals';
import type { SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';
import { TaskAggregator } from '../../src/collector/task-aggregator.js';
import { DEFAULT_IN_PROGRESS, INSTANCE_KEY, RecordingSink, T0_MS, page, task, trackerPastBaseline } from './subscription-task-fixture.js';

const MINUTE_MS = 60_000;

/** An aggregator for one listing; by default of an instance past its baseline, so finished tasks count. */
function aggregatorWith(options: { inProgressStatuses?: ReadonlySet<string>; tracker?: CompletionTracker; sink?: RecordingSink } = {}) {
  const sink = options.sink ?? new RecordingSink();
  const tracker = options.tracker ?? trackerPastBaseline();
  const completions = tracker.beginListing(INSTANCE_KEY);
  const aggregator = new TaskAggregator({ inProgressStatuses: options.inProgressStatuses ?? DEFAULT_IN_PROGRESS, completions, sink });
  return { aggregator, sink, completions };
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
    expect(summary).toEqual({
      tasksByStatusResult: [],
      oldestInProgressStartTimeMs: undefined,
      repositories: [],
      tasksListed: 0,
      finishedResults: [],
      invalidTasks: [],
    });
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
    message: 'Pull tag 1.2 failed: manifest unknown',
  });
  const newestRunning = task({
    taskId: 'crast-running',
    startTimeMs: T0_MS + 90 * MINUTE_MS,
    endTimeMs: undefined,
    taskStatus: 'RUNNING',
    taskResult: '',
    tagTotalCount: 7,
    tagSubscriptionCount: 2,
  });

  it('picks the newest task by StartTime regardless of listing order', () => {
    const forwards = summarise([older, newer]).summary.repositories;
    const backwards = summarise([newer, older]).summary.repositories;

    const expected = {
      namespace: 'mirror',
      repository: 'nginx',
      lastTask: {
        startTimeMs: T0_MS + 60 * MINUTE_MS,
        sourceProvider: 'GCR',
        sourceNamespace: 'google-containers',
        sourceRepository: 'pause',
        taskType: 'MANUAL',
        status: 'FAILED',
        result: 'FAILED',
      },
      lastFinished: {
        tagTotalCount: 8,
        tagSubscriptionCount: 2,
        durationSeconds: 300,
        taskId: 'crast-new',
        result: 'FAILED',
        endTimeMs: T0_MS + 65 * MINUTE_MS,
        message: 'Pull tag 1.2 failed: manifest unknown',
      },
      lastSuccessEndTimeMs: T0_MS + 2 * MINUTE_MS,
    };
    expect(forwards).toEqual([expected]);
    expect(backwards).toEqual([expected]);
  });

  it('takes tags, ratio and duration from the newest FINISHED task, the last success from the newest SUCCESS', () => {
    const [repository] = summarise([newestRunning, older, newer]).summary.repositories;
    expect(repository?.lastTask.status).toBe('RUNNING');
    expect(repository?.lastTask.result).toBe('NONE');
    expect(repository?.lastTask.startTimeMs).toBe(T0_MS + 90 * MINUTE_MS);
    // The running task's 2 of 7 tags are progress, not an outcome.
    expect(repository?.lastFinished).toEqual({
      tagTotalCount: 8,
      tagSubscriptionCount: 2,
      durationSeconds: 300,
      taskId: 'crast-new',
      result: 'FAILED',
      endTimeMs: T0_MS + 65 * MINUTE_MS,
      message: 'Pull tag 1.2 failed: manifest unknown',
    });
    expect(repository?.lastSuccessEndTimeMs).toBe(T0_MS + 2 * MINUTE_MS);
  });

  it('has no outcome or last success while no task finished', () => {
    const [repository] = summarise([newestRunning]).summary.repositories;
    expect(repository?.lastFinished).toBeUndefined();
    expect(repository?.lastSuccessEndTimeMs).toBeUndefined();
  });

  it("reads the API reference's sample (RUNNING, TaskResult SUCCESS, EndTime before StartTime) as in progress", () => {
    const sample = task({ taskStatus: 'RUNNING', taskResult: 'SUCCESS', startTimeMs: 1_695_348_301_000, endTimeMs: 1_692_756_630_000 });
    const { summary, sink } = summarise([sample]);
    expect(summary.oldestInProgressStartTimeMs).toBe(1_695_348_301_000);
    expect(summary.repositories[0]?.lastTask).toMatchObject({ status: 'RUNNING', result: 'SUCCESS' });
    expect(summary.repositories[0]?.lastFinished).toBeUndefined();
    expect(summary.repositories[0]?.lastSuccessEndTimeMs).toBeUndefined();
    expect(summary.finishedResults).toEqual([]);
    expect(summary.invalidTasks).toEqual([]);
    expect(sink.completed).toEqual([]);
  });

  it('does not take a SUCCESS result of a task still in progress as a success', () => {
    const [repository] = summarise([task({ taskStatus: 'RUNNING', taskResult: 'SUCCESS', endTimeMs: T0_MS + MINUTE_MS })]).summary
      .repositories;
    expect(repository?.lastSuccessEndTimeMs).toBeUndefined();
  });

  it('has no last duration when the newest finished task ended before it started', () => {
    const negative = task({ taskId: 'crast-neg', startTimeMs: T0_MS + 100 * MINUTE_MS, endTimeMs: T0_MS + 99 * MINUTE_MS });
    const [repository] = summarise([older, negative]).summary.repositories;
    expect(repository?.lastFinished).toMatchObject({ tagTotalCount: 10, tagSubscriptionCount: 5, durationSeconds: undefined, taskId: 'crast-neg', result: 'SUCCESS' });
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
  it('counts a finished task once per TaskId across two listings, and a running one when it finishes', () => {
    const tracker = trackerPastBaseline();
    const sink = new RecordingSink();
    const listing = [task({ taskId: 't1' }), task({ taskId: 't2', taskStatus: 'RUNNING', endTimeMs: undefined })];

    aggregatorWith({ tracker, sink }).aggregator.add(page(listing));
    expect(sink.completed).toHaveLength(1);

    // The next listing: t1 again, t2 now finished, t3 new.
    aggregatorWith({ tracker, sink }).aggregator.add(
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

  it('counts nothing in the baseline listing, but the baseline results are listed', () => {
    const sink = new RecordingSink();
    const { aggregator, completions } = aggregatorWith({ tracker: new CompletionTracker(100), sink });
    aggregator.add(page([task({ taskId: 't1' }), task({ taskId: 't2', taskResult: 'PARTIAL' }), task({ taskId: 't3', taskStatus: 'RUNNING', taskResult: 'X', endTimeMs: undefined })]));

    expect(completions.baseline).toBe(true);
    expect(sink.completed).toEqual([]);
    expect(aggregator.summary().finishedResults).toEqual(['PARTIAL', 'SUCCESS']);
  });

  it('does not observe a negative duration but counts the task; the listing reports it invalid each time', () => {
    const tracker = trackerPastBaseline();
    const sink = new RecordingSink();
    const negative = task({ taskId: 'neg', startTimeMs: 1_695_348_301_000, endTimeMs: 1_692_756_630_000 });

    const first = aggregatorWith({ tracker, sink }).aggregator;
    first.add(page([negative]));
    const second = aggregatorWith({ tracker, sink }).aggregator;
    second.add(page([negative]));

    expect(sink.completed).toEqual([{ result: 'SUCCESS', durationSeconds: undefined }]);
    expect(first.summary().invalidTasks).toEqual([{ reason: 'negative_duration', count: 1 }]);
    expect(second.summary().invalidTasks).toEqual([{ reason: 'negative_duration', count: 1 }]);
  });

  it('sums the invalid reasons of every page of the listing, by reason', () => {
    const { aggregator } = aggregatorWith();
    aggregator.add(page([task({ taskId: 't1' })], ['missing_task_id', 'invalid_start_time']));
    aggregator.add(page([], ['missing_task_id']));
    expect(aggregator.summary().invalidTasks).toEqual([
      { reason: 'invalid_start_time', count: 1 },
      { reason: 'missing_task_id', count: 2 },
    ]);
  });

  it('never counts a task twice, even when the tracker is too small to remember every listed task', () => {
    const tracker = trackerPastBaseline(2);
    const sink = new RecordingSink();
    const listing = page([task({ taskId: 't1' }), task({ taskId: 't2' }), task({ taskId: 't3' })]);

    for (let i = 0; i < 3; i++) {
      const { aggregator, completions } = aggregatorWith({ tracker, sink });
      aggregator.add(listing);
      completions.complete();
    }

    // Three finished tasks over a bound of two: the first listing counts each once, and the
    // tasks it then forgets are known from their StartTime (not after the previous listing's newest).
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
      completions: trackerPastBaseline(TASKS).beginListing(INSTANCE_KEY),
      sink: { taskCompleted: () => (completed += 1), resultsListed: () => undefined },
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
    expect(repo3?.lastFinished?.durationSeconds).toBe(30);
    // Retained state is per repository: the aggregator counts repositories and exposes no tasks.
    expect(aggregator.repositoryCount).toBe(REPOSITORIES);
    expect(Object.values(summary).some((value) => Array.isArray(value) && value.length > REPOSITORIES)).toBe(false);
  });
});
