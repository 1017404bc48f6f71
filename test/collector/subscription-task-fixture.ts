import type { InvalidTaskReason, SubscriptionTask, SubscriptionTaskPage } from '../../src/model/subscription-task.js';
import type { CompletionSink } from '../../src/collector/completion-sink.js';
import { CompletionTracker } from '../../src/collector/completion-tracker.js';

/** 2024-01-01T00:00:00Z: a fixed epoch for task times. */
export const T0_MS = 1_704_067_200_000;

/** A finished SUCCESS task in library/nginx that ran 60 s from T0; override what the test is about. */
export function task(overrides: Partial<SubscriptionTask> = {}): SubscriptionTask {
  return {
    taskId: 'crast-1',
    instanceId: 'cri-a',
    taskStatus: 'SUCCESS',
    taskResult: 'SUCCESS',
    taskType: 'AUTO',
    startTimeMs: T0_MS,
    endTimeMs: T0_MS + 60_000,
    artifactType: 'IMAGE',
    sourceProvider: 'DOCKER_HUB',
    sourceRepoType: 'PUBLIC',
    sourceNamespaceName: 'library',
    sourceRepoName: 'nginx',
    namespaceName: 'mirror',
    repoName: 'nginx',
    tagTotalCount: 10,
    tagSubscriptionCount: 5,
    message: '',
    ...overrides,
  };
}

export function page(tasks: SubscriptionTask[], invalid: InvalidTaskReason[] = [], pageNo = 1): SubscriptionTaskPage {
  return { pageNo, tasks, invalid };
}

export async function* pagesOf(...pages: SubscriptionTaskPage[]): AsyncGenerator<SubscriptionTaskPage> {
  for (const p of pages) yield p;
}

/** A sink that records every call, in order. */
export class RecordingSink implements CompletionSink {
  readonly completed: { result: string; durationSeconds: number | undefined }[] = [];
  readonly listedResults: string[][] = [];

  taskCompleted(result: string, durationSeconds: number | undefined): void {
    this.completed.push({ result, durationSeconds });
  }

  resultsListed(results: readonly string[]): void {
    this.listedResults.push([...results]);
  }
}

/** The instance key the collector tests use. */
export const INSTANCE_KEY = 'cn-hangzhou/cri-a';

/**
 * A CompletionTracker whose instance already had its baseline (an empty first listing), so that
 * every finished task listed from now on is a completion to count, once.
 */
export function trackerPastBaseline(max = 1000, instanceKey = INSTANCE_KEY): CompletionTracker {
  const tracker = new CompletionTracker(max);
  tracker.beginListing(instanceKey).complete();
  return tracker;
}

export const DEFAULT_IN_PROGRESS: ReadonlySet<string> = new Set(['RUNNING', 'PENDING', 'WAITING', 'QUEUED']);
