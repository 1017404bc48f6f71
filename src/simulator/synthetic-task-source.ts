import type { TaskSource } from './dataset.js';
import { randomTaskOutcome } from './random-task-outcome.js';
import { SeededRandom, hashString, mixSeed } from './seeded-random.js';
import { catalogRepository, targetOf } from './source-catalog.js';
import { renderTimelineTask, type TimelineTask } from './timeline-task.js';

/** Default spacing between task starts. */
const DEFAULT_INTERVAL_MS = 60_000;
/** Default number of distinct repositories the tasks are spread over. */
const DEFAULT_REPOSITORIES = 100;
/** Width of the TaskId part that encodes the task's index (base 36): room for 36^8 tasks. */
const INDEX_DIGITS = 8;

export interface SyntheticTaskSourceOptions {
  seed: number;
  instanceId: string;
  /** Number of tasks, the oldest first at startMs. */
  count: number;
  /** Epoch ms of the first (oldest) task's start slot. */
  startMs: number;
  /** Task i starts in [startMs + i*intervalMs, startMs + (i+0.5)*intervalMs). @default 60000 */
  intervalMs?: number;
  /** Repositories the tasks are spread over (names from the source catalog). @default 100 */
  repositories?: number;
}

/**
 * A task list computed on demand: task i (0 = oldest) is derived from (seed, instanceId, i) alone,
 * so a million tasks cost no memory and the same task comes back identical on every call. For the
 * benchmark (1,000,000 tasks over 100 instances). Tasks become visible as the clock passes their
 * start and then run and finish like timeline tasks.
 */
export function syntheticTaskSource(options: SyntheticTaskSourceOptions): TaskSource {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const repositories = options.repositories ?? DEFAULT_REPOSITORIES;
  const instanceSeed = mixSeed(options.seed, hashString(options.instanceId));
  const head: Record<string, unknown>[] = [];

  const taskAt = (index: number): TimelineTask => {
    const rng = new SeededRandom(mixSeed(instanceSeed, index));
    const idPrefix = rng.id(16 - INDEX_DIGITS);
    const startMs = options.startMs + index * intervalMs + Math.floor(rng.next() * (intervalMs / 2));
    const source = catalogRepository(rng.int(0, repositories - 1));
    return {
      taskId: `crast-${idPrefix}${index.toString(36).padStart(INDEX_DIGITS, '0')}`,
      instanceId: options.instanceId,
      ...targetOf(source),
      sourceProvider: source.provider,
      sourceNamespaceName: source.namespace,
      sourceRepoName: source.repo,
      startMs,
      ...randomTaskOutcome(rng),
    };
  };

  const visibleCount = (nowMs: number): number => {
    const slot = Math.floor((nowMs - options.startMs) / intervalMs);
    if (slot < 0) return 0;
    if (slot >= options.count) return options.count;
    return taskAt(slot).startMs <= nowMs ? slot + 1 : slot;
  };

  return {
    count: (nowMs) => head.length + visibleCount(nowMs),
    slice: (nowMs, offset, limit) => {
      const fromHead = head.slice(offset, offset + limit);
      const visible = visibleCount(nowMs);
      const tasks = [...fromHead];
      // Position p after the head is task index visible-1-p: newest first.
      for (let p = Math.max(0, offset - head.length); tasks.length < limit && p < visible; p++) {
        tasks.push(renderTimelineTask(taskAt(visible - 1 - p), nowMs));
      }
      return tasks;
    },
    insertAtHead: (task) => {
      head.unshift(task);
    },
    findTask: (nowMs, taskId) => {
      const inserted = head.find((task) => task['TaskId'] === taskId);
      if (inserted) return inserted;
      const index = Number.parseInt(taskId.slice(-INDEX_DIGITS), 36);
      if (!Number.isInteger(index) || index < 0 || index >= visibleCount(nowMs)) return undefined;
      const task = taskAt(index);
      return task.taskId === taskId ? renderTimelineTask(task, nowMs) : undefined;
    },
  };
}
