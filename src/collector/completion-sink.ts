/**
 * Where the aggregation reports the events that feed the long-lived counters (ExporterMetrics).
 * An interface, so the aggregation stays pure and tests record the calls with a plain object.
 */
export interface CompletionSink {
  /** A task completion to count (see completion-tracker.ts); `result` is a label value (NONE when empty). */
  taskCompleted(result: string, durationSeconds: number | undefined): void;
  /**
   * A listing of the instance completed: the completion series of these results must exist (at 0
   * if nothing was counted yet), so that increase() sees their first completion.
   */
  resultsListed(results: readonly string[]): void;
}
