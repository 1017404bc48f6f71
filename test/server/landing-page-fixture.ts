import type { InstanceTaskSummary, RepositorySummary } from '../../src/collector/instance-summary.js';
import type { InstanceSnapshot } from '../../src/collector/snapshot.js';

/** The page's "now". */
export const NOW_MS = 1_700_000_000_000;
export const HOUR_MS = 3_600_000;
export const IN_PROGRESS = new Set(['RUNNING', 'PENDING']);

/** mirror/nginx, whose newest task finished SUCCESS an hour ago with every tag; override what the test is about. */
export function repository(overrides: Partial<RepositorySummary> = {}): RepositorySummary {
  return {
    namespace: 'mirror',
    repository: 'nginx',
    lastTask: {
      startTimeMs: NOW_MS - 2 * HOUR_MS,
      sourceProvider: 'DOCKER_HUB',
      sourceNamespace: 'library',
      sourceRepository: 'nginx',
      taskType: 'AUTO',
      status: 'FINISHED',
      result: 'SUCCESS',
    },
    lastFinished: { tagTotalCount: 10, tagSubscriptionCount: 10, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' },
    lastSuccessEndTimeMs: NOW_MS - HOUR_MS,
    ...overrides,
  };
}

export function summary(repositories: RepositorySummary[], tasksByStatusResult: InstanceTaskSummary['tasksByStatusResult'] = []): InstanceTaskSummary {
  return {
    tasksByStatusResult,
    oldestInProgressStartTimeMs: undefined,
    repositories,
    tasksListed: tasksByStatusResult.reduce((sum, entry) => sum + entry.count, 0),
    finishedResults: [],
    invalidTasks: [],
  };
}

/** cri-a in cn-hangzhou, collected successfully a minute ago, without task data; override what the test is about. */
export function instance(overrides: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    region: 'cn-hangzhou',
    instanceId: 'cri-a',
    info: { instanceName: 'prod', instanceSpecification: 'Enterprise_Basic', instanceStatus: 'RUNNING' },
    collectSuccess: true,
    collectDurationSeconds: 0.25,
    lastSuccessTimeMs: NOW_MS - 60_000,
    tasks: undefined,
    error: undefined,
    ...overrides,
  };
}
