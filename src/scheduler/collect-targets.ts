import pLimit from 'p-limit';
import type { SubscriptionTaskPage } from '../model/subscription-task.js';
import type { ListingReport } from '../api/listing-report.js';
import type { Clock } from '../clock.js';
import { collectInstance } from '../collector/collect-instance.js';
import type { ExporterMetrics } from '../collector/exporter-metrics.js';
import type { InstanceTaskSummary } from '../collector/instance-summary.js';
import type { CompletionTracker } from '../collector/completion-tracker.js';
import { RESULTS_ALWAYS_EXPOSED } from '../collector/task-state.js';
import type { InstanceTarget } from '../discovery/instance-target.js';
import { targetKey } from '../discovery/instance-target.js';

/** What collection needs of the API: every page of ListArtifactSubscriptionTask for one instance. */
export interface TaskLister {
  listSubscriptionTasks(region: string, instanceId: string): AsyncIterable<SubscriptionTaskPage>;
  /** API attempts made so far, retries included: the lister counts them where it makes them. */
  readonly apiCalls: number;
  /** The instance is no longer collected: the lister drops what it keeps about it (its listing series). */
  forgetInstance(region: string, instanceId: string): void;
  /** How the latest listing of the instance went (incremental or full, and why), when the lister says. */
  lastListing?(region: string, instanceId: string): ListingReport | undefined;
}

/** The result of collecting one instance once. */
export interface InstanceOutcome {
  target: InstanceTarget;
  finishedAtMs: number;
  durationSeconds: number;
  /** Pages of ListArtifactSubscriptionTask consumed (retries not counted). */
  pages: number;
  /** Present when the listing completed. */
  summary: InstanceTaskSummary | undefined;
  /** Present when it did not. */
  error: unknown;
  /** How its tasks were listed, when the lister says. */
  listing?: ListingReport | undefined;
}

async function* counting<T>(pages: AsyncIterable<T>, counter: { pages: number }): AsyncGenerator<T> {
  for await (const page of pages) {
    counter.pages += 1;
    yield page;
  }
}

/**
 * Collects every target, `concurrency` at a time. Each instance is isolated: its failure becomes its
 * outcome and never touches another instance's; this function itself never rejects.
 */
export async function collectTargets(
  targets: readonly InstanceTarget[],
  deps: {
    lister: TaskLister;
    concurrency: number;
    inProgressStatuses: ReadonlySet<string>;
    completions: CompletionTracker;
    metrics: ExporterMetrics;
    clock: Clock;
    /** Told of each instance's outcome as soon as it is known, before the slower instances finish. */
    onOutcome?: (outcome: InstanceOutcome) => void;
    /** Refreshes the instance's subscription rules when due, beside its task listing (in the same slot); never rejects. */
    refreshRules?: (target: InstanceTarget) => Promise<void>;
  },
): Promise<InstanceOutcome[]> {
  const limit = pLimit(deps.concurrency);
  return Promise.all(
    targets.map((target) =>
      limit(async (): Promise<InstanceOutcome> => {
        const startedAtMs = deps.clock.now();
        const counter = { pages: 0 };
        let summary: InstanceTaskSummary | undefined;
        let error: unknown;
        const sink = deps.metrics.sinkFor(target.region, target.instanceId);
        const completions = deps.completions.beginListing(targetKey(target));
        const rulesRefreshed = deps.refreshRules?.(target);
        try {
          summary = await collectInstance(counting(deps.lister.listSubscriptionTasks(target.region, target.instanceId), counter), {
            inProgressStatuses: deps.inProgressStatuses,
            completions,
            sink,
          });
          completions.complete();
          sink.resultsListed([...RESULTS_ALWAYS_EXPOSED, ...summary.finishedResults]);
        } catch (caught) {
          error = caught ?? new Error('collection failed');
        }
        const finishedAtMs = deps.clock.now();
        // The outcome is published with the rules refreshed; the task listing's duration does not include them.
        await rulesRefreshed;
        const outcome: InstanceOutcome = { target, finishedAtMs, durationSeconds: (finishedAtMs - startedAtMs) / 1000, pages: counter.pages, summary, error };
        const listing = deps.lister.lastListing?.(target.region, target.instanceId);
        if (listing) outcome.listing = { ...listing };
        deps.onOutcome?.(outcome);
        return outcome;
      }),
    ),
  );
}
