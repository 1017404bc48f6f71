import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import type { Clock } from '../clock.js';
import type { InstanceSnapshot } from '../collector/snapshot.js';
import {
  repositoriesWithFailedLastTask,
  summarizeTaskTags,
  type FailedRepository,
  type RepositoryTaskTags,
  type TaskTagSummary,
} from '../collector/task-tag-summary.js';
import type { Logger } from '../logger.js';
import type { SubscriptionTaskTagResult } from '../model/task-tag-result.js';
import { describeError } from './instance-states.js';
import { TaskResultBackoff } from './task-result-backoff.js';

/**
 * Tasks whose tag summaries are kept at most. Only the failed newest finished task of each repository
 * is wanted, and what no instance refers to any more is dropped after each collection, so this bound
 * only matters past 10,000 repositories failing at once: their tags are then asked again. An entry holds
 * at most MAX_FAILED_TAG_NAMES names of at most MAX_TAG_NAME_CHARS characters (task-tag-summary.ts):
 * about 1 KB with typical tag names, 10 MB when full.
 */
export const MAX_CACHED_TASK_RESULTS = 10_000;

/** What collection needs of the API here: GetArtifactSubscriptionTaskResult, every page (AcrClient). */
export interface TaskResultReader {
  getSubscriptionTaskResult(region: string, instanceId: string, taskId: string): Promise<SubscriptionTaskTagResult[]>;
}

/** The tag-result part of a collection's settings: the long-lived store and what a reload may change. */
export interface TaskTagSettings {
  store: FailedTaskTags;
  reader: TaskResultReader;
  /** collection.taskResultBudget: tasks asked per collection; 0 disables (no call, no series). */
  budget: number;
}

/** What one fetchDue did. */
export interface TaskTagFetchReport {
  /** Tasks asked (each with every page): at most the budget. */
  asked: number;
  /** Of those, the ones whose call failed (asked again after a backoff). */
  failed: number;
  /** Failed newest finished tasks still without tag results after this round. */
  pending: number;
}

interface Candidate {
  key: string;
  region: string;
  instanceId: string;
  repository: FailedRepository;
}

/**
 * The per-tag results of every repository's failed newest finished task. A finished task never changes,
 * so each answer is cached by (region, instance, TaskId) and never asked again while it is wanted;
 * a repository whose newest finished task succeeded costs no call. Each collection asks at most
 * `budget` tasks, the oldest failure first (by EndTime): every failure then gets its tags within
 * (failures before it) / budget collections, however many new ones keep arriving, where newest-first
 * could leave an old failure waiting for ever. A failed call is retried in a later collection after a
 * per-task backoff (task-result-backoff.ts), and never touches the task data.
 */
export class FailedTaskTags {
  private readonly cache: LRUCache<string, TaskTagSummary>;
  private readonly backoff = new TaskResultBackoff();

  constructor(private readonly deps: { clock: Clock; logger: Logger; maxCached?: number }) {
    this.cache = new LRUCache({ max: deps.maxCached ?? MAX_CACHED_TASK_RESULTS });
  }

  /**
   * Asks the due tasks of `instances` (not cached, not backing off), oldest failure first, at most
   * `budget` of them, `concurrency` at a time; then forgets what none of `instances` wants. Never rejects.
   */
  async fetchDue(instances: readonly InstanceSnapshot[], settings: { reader: TaskResultReader; budget: number; concurrency: number }): Promise<TaskTagFetchReport> {
    const candidates = failedTasksOf(instances);
    const wanted = new Set(candidates.map((candidate) => candidate.key));
    for (const key of [...this.cache.keys()]) if (!wanted.has(key)) this.cache.delete(key);
    this.backoff.retainOnly(wanted);
    if (settings.budget <= 0) return { asked: 0, failed: 0, pending: 0 };

    const nowMs = this.deps.clock.now();
    const due = [...new Map(candidates.map((candidate) => [candidate.key, candidate])).values()]
      .filter((candidate) => !this.cache.has(candidate.key) && this.backoff.isDue(candidate.key, nowMs))
      .sort((a, b) => a.repository.lastFinished.endTimeMs - b.repository.lastFinished.endTimeMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, settings.budget);
    const limit = pLimit(Math.max(1, settings.concurrency));
    const outcomes = await Promise.all(due.map((candidate) => limit(() => this.fetchOne(candidate, settings.reader))));
    const pending = candidates.filter((candidate) => !this.cache.has(candidate.key)).length;
    return { asked: due.length, failed: outcomes.filter((ok) => !ok).length, pending };
  }

  /**
   * The instances with their tag results attached (`lastTaskTags`), from the cache alone: no call.
   * With `budget` 0 they are returned as they are.
   */
  attach(instances: readonly InstanceSnapshot[], budget: number): InstanceSnapshot[] {
    if (budget <= 0) return [...instances];
    return instances.map((instance) => {
      if (!instance.tasks) return instance;
      const repositories: RepositoryTaskTags[] = [];
      let pending = 0;
      for (const repository of repositoriesWithFailedLastTask(instance.tasks)) {
        const tags = this.cache.get(taskKey(instance.region, instance.instanceId, repository.lastFinished.taskId));
        if (tags) repositories.push({ namespace: repository.namespace, repository: repository.repository, tags });
        else pending += 1;
      }
      return { ...instance, lastTaskTags: { repositories, pending } };
    });
  }

  /** Tasks whose tag summaries are cached now. */
  get cachedTasks(): number {
    return this.cache.size;
  }

  private async fetchOne(candidate: Candidate, reader: TaskResultReader): Promise<boolean> {
    const { key, region, instanceId, repository } = candidate;
    const { taskId } = repository.lastFinished;
    try {
      const results = await reader.getSubscriptionTaskResult(region, instanceId, taskId);
      this.cache.set(key, summarizeTaskTags(results));
      this.backoff.succeeded(key);
      return true;
    } catch (error) {
      const nowMs = this.deps.clock.now();
      const retryAtMs = this.backoff.failed(key, nowMs);
      this.deps.logger.warn(
        { region, instanceId, taskId, error: describeError(error), retryInSeconds: Math.round((retryAtMs - nowMs) / 1000) },
        'tag results of a failed task could not be fetched; asking again later',
      );
      return false;
    }
  }
}

function taskKey(region: string, instanceId: string, taskId: string): string {
  return `${region}\u0000${instanceId}\u0000${taskId}`;
}

function failedTasksOf(instances: readonly InstanceSnapshot[]): Candidate[] {
  return instances.flatMap((instance) =>
    instance.tasks
      ? repositoriesWithFailedLastTask(instance.tasks).map((repository) => ({
          key: taskKey(instance.region, instance.instanceId, repository.lastFinished.taskId),
          region: instance.region,
          instanceId: instance.instanceId,
          repository,
        }))
      : [],
  );
}
