/** Wait after a task's first failed GetArtifactSubscriptionTaskResult call before it is asked again. */
export const TASK_RESULT_RETRY_INITIAL_MS = 60_000;
/** Longest wait between two calls for one task: a denied action (NoPrivilege) costs one call per task per hour. */
export const TASK_RESULT_RETRY_MAX_MS = 60 * 60_000;

/**
 * When a task whose tag results could not be fetched may be asked again: after each failed call the
 * wait doubles, from TASK_RESULT_RETRY_INITIAL_MS up to TASK_RESULT_RETRY_MAX_MS, so that a call the
 * API keeps refusing does not spend the budget of every collection. The caller forgets the tasks it
 * no longer wants (retainOnly), which bounds this to the tasks it is waiting for.
 */
export class TaskResultBackoff {
  private readonly byKey = new Map<string, { failures: number; retryAtMs: number }>();

  /** Whether `key` may be asked at `nowMs` (never failed, or its wait has passed). */
  isDue(key: string, nowMs: number): boolean {
    const entry = this.byKey.get(key);
    return entry === undefined || entry.retryAtMs <= nowMs;
  }

  /** A call for `key` failed at `nowMs`; returns when it may be asked again. */
  failed(key: string, nowMs: number): number {
    const failures = (this.byKey.get(key)?.failures ?? 0) + 1;
    const waitMs = Math.min(TASK_RESULT_RETRY_MAX_MS, TASK_RESULT_RETRY_INITIAL_MS * 2 ** Math.min(failures - 1, 30));
    const retryAtMs = nowMs + waitMs;
    this.byKey.set(key, { failures, retryAtMs });
    return retryAtMs;
  }

  /** A call for `key` succeeded: nothing more to wait for. */
  succeeded(key: string): void {
    this.byKey.delete(key);
  }

  /** Forgets every key not in `wanted`. */
  retainOnly(wanted: ReadonlySet<string>): void {
    for (const key of this.byKey.keys()) if (!wanted.has(key)) this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}
