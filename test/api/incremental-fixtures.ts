/**
 * Test helper for incremental listing through the real stack: API-shaped tasks for a
 * churningTaskSource, an AcrClient signing with openapi-core against the simulator, listers in
 * both modes, and the task series a listing yields.
 */
import credentials from '@alicloud/credentials';
import { Registry } from 'prom-client';
import { ManualClock } from '../../src/clock.js';
import { createAcrClient } from '../../src/api/create-acr-client.js';
import type { AcrClient } from '../../src/api/acr-client.js';
import { IncrementalTaskLister } from '../../src/api/incremental-task-lister.js';
import { taskListingCounter } from '../../src/api/task-listings-metric.js';
import { isFinished } from '../../src/collector/task-state.js';
import type { InvalidTaskReason, SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import type { ListOrder, RunningSimulator, SimCredential, SimInstance, TaskSource } from '../../src/simulator/index.js';
import { TEST_STS_ENDPOINT } from '../support/api-options.js';

export const REGION = 'cn-hangzhou';
export const IN_PROGRESS = new Set(['RUNNING', 'PENDING', 'WAITING', 'QUEUED']);
export const RESYNC_MS = 3_600_000;
const BASE_START_MS = 1_700_000_000_000;

/** A task as ListArtifactSubscriptionTask sends it; `startIndex` orders StartTime (higher = newer). */
export function rawTask(id: string, instanceId: string, startIndex: number, status: 'RUNNING' | 'COMPLETED' = 'COMPLETED'): Record<string, unknown> {
  const startMs = BASE_START_MS + startIndex * 1000;
  return {
    TaskId: id,
    InstanceId: instanceId,
    TaskStatus: status,
    TaskResult: status === 'COMPLETED' ? (startIndex % 5 === 0 ? 'FAILED' : 'SUCCESS') : '',
    TaskType: 'AUTO',
    StartTime: String(startMs),
    EndTime: status === 'COMPLETED' ? String(startMs + 700) : '0',
    ArtifactType: 'IMAGE',
    SourceProvider: 'DOCKER_HUB',
    NamespaceName: 'ns',
    RepoName: `repo-${startIndex % 4}`,
    TagTotalCount: 3,
    TagSubscriptionCount: 3,
    Message: '',
  };
}

export function simInstance(instanceId: string, tasks: TaskSource, listOrder: ListOrder): SimInstance {
  return {
    instance: { InstanceId: instanceId, InstanceName: instanceId, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION },
    rules: [],
    tasks,
    listOrder,
  };
}

/** The real stack against the simulator's REGION, signing with `key`, no rate to speak of. */
export function simClient(simulator: RunningSimulator, key: SimCredential, pageSize: number): AcrClient {
  const credential = new credentials.default(new credentials.Config({ type: 'access_key', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret }));
  return createAcrClient(
    {
      regions: [{ id: REGION, endpoint: simulator.endpoint(REGION), protocol: 'http', instances: undefined }],
      paging: { pageSize, maxPages: 1000 },
      api: {
        connectTimeout: 5_000,
        readTimeout: 5_000,
        requestsPerSecond: 100_000,
        burst: 100_000,
        adaptive: false,
        maxConcurrentRequests: 4,
        stsEndpoint: TEST_STS_ENDPOINT,
        retry: { maxAttempts: 1, initialBackoff: 20, maxBackoff: 100, maxElapsed: 5_000 },
      },
    },
    new Registry(),
    { credential },
  );
}

export function incrementalLister(
  client: AcrClient,
  clock: ManualClock,
  listing: 'incremental' | 'full' = 'incremental',
  registry = new Registry(),
  knownTasksMax = 200_000,
): IncrementalTaskLister {
  return new IncrementalTaskLister(client, {
    listing,
    fullResyncIntervalMs: RESYNC_MS,
    knownTasksMax,
    mayChange: (task) => !isFinished(task, IN_PROGRESS),
    clock,
    counter: taskListingCounter(registry),
  });
}

/** What a listing yields for the collector: every task in order, and the problems counted (sorted). */
export interface TaskSeries {
  tasks: SubscriptionTask[];
  invalid: InvalidTaskReason[];
}

export async function taskSeries(pages: AsyncIterable<SubscriptionTaskPage>): Promise<TaskSeries> {
  const series: TaskSeries = { tasks: [], invalid: [] };
  for await (const page of pages) {
    series.tasks.push(...page.tasks);
    series.invalid.push(...page.invalid);
  }
  series.invalid.sort();
  return series;
}
