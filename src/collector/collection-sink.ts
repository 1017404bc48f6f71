import type { InvalidTaskReason } from '../api/models.js';

/**
 * Where the aggregation reports the events that feed the long-lived counters (ExporterMetrics).
 * An interface, so the aggregation stays pure and tests record the calls with a plain object.
 */
export interface CollectionSink {
  /** A finished task seen for the first time; `result` is a label value (NONE when empty). */
  taskCompleted(result: string, durationSeconds: number | undefined): void;
  /** A task skipped or partly ignored. */
  invalidTask(reason: InvalidTaskReason): void;
}
