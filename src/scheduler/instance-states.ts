import type { InstanceSnapshot } from '../collector/snapshot.js';
import { targetKey, type InstanceTarget } from '../discovery/instance-target.js';
import type { InstanceOutcome } from './collect-targets.js';

/** A short, label-free description of a failure for the landing page and the logs. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'Error', message: String(error) };
}

/**
 * What each instance exposes across collections. The rule for a failing instance: it keeps serving its
 * last good task data (with acr_exporter_collect_success 0) until `keepStaleDataMs` has passed since its
 * last success; after that its task series are dropped until it succeeds again. An instance that is no
 * longer a target (deleted, filtered out, moved to another shard) is forgotten at once.
 */
export class InstanceStates {
  private readonly states = new Map<string, InstanceSnapshot>();

  /** @param keepStaleDataMs collection.keepStaleData; a reload may change it, and the next outcome uses the new value. */
  constructor(public keepStaleDataMs: number) {}

  /** Folds in one instance's outcome as soon as it is known, so that it is served before the slower instances finish. */
  record(outcome: InstanceOutcome): void {
    const key = targetKey(outcome.target);
    const previous = this.states.get(key);
    const success = outcome.summary !== undefined;
    const lastSuccessTimeMs = success ? outcome.finishedAtMs : previous?.lastSuccessTimeMs;
    const staleTasksKept =
      lastSuccessTimeMs !== undefined && outcome.finishedAtMs - lastSuccessTimeMs <= this.keepStaleDataMs ? previous?.tasks : undefined;
    const { region, instanceId, info } = outcome.target;
    this.states.set(key, {
      region,
      instanceId,
      info,
      collectSuccess: success,
      collectDurationSeconds: outcome.durationSeconds,
      lastSuccessTimeMs,
      tasks: success ? outcome.summary : staleTasksKept,
      error: success ? undefined : describeError(outcome.error),
    });
  }

  /**
   * Forgets every instance that is not one of `targets` and puts the others in the targets' order (outcomes
   * arrive in completion order); returns the forgotten ones, whose long-lived series the caller removes.
   */
  retainOnly(targets: readonly InstanceTarget[]): InstanceSnapshot[] {
    const kept = new Map<string, InstanceSnapshot>();
    for (const key of targets.map(targetKey)) {
      const state = this.states.get(key);
      if (state) kept.set(key, state);
    }
    const vanished = [...this.states.entries()].filter(([key]) => !kept.has(key)).map(([, snapshot]) => snapshot);
    this.states.clear();
    for (const [key, state] of kept) this.states.set(key, state);
    return vanished;
  }

  snapshots(): InstanceSnapshot[] {
    return [...this.states.values()];
  }
}
