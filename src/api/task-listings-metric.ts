import { Counter, type Registry } from 'prom-client';
import { METRICS, type LabelNames } from '../metric-names.js';
import type { MismatchKind } from './listing-mismatch.js';
import type { ListingReport } from './listing-report.js';
import { sharedMetric } from './shared-metric.js';

/** The reason label of an incremental listing. */
const NO_REASON = 'none';
const MISMATCHES: readonly MismatchKind[] = ['head', 'position', 'total_count', 'page_length', 'order', 'invalid_entry'];
/** Every (mode, reason) a listing can be counted under. */
const KINDS: readonly { mode: ListingReport['mode']; reason: string }[] = [
  { mode: 'incremental', reason: NO_REASON },
  ...['configured', 'first', 'resync', 'order_unverified', ...MISMATCHES.map((what) => `mismatch:${what}`)].map((reason) => ({ mode: 'full' as const, reason })),
];

/** Counts completed task listings by mode and reason, per instance. */
export interface TaskListingCounter {
  counted(region: string, instanceId: string, report: ListingReport): void;
  /** The instance is no longer collected: its series go. */
  forgetInstance(region: string, instanceId: string): void;
}

/**
 * acr_exporter_task_listings_total{region,instance_id,mode,reason} on `registry`. A series starts
 * with the first listing of its kind (no series at 0: modes times reasons would be a dozen per
 * instance); an instance's series are all removed when it is forgotten, those counted before a
 * configuration reload too.
 */
export function taskListingCounter(registry: Registry): TaskListingCounter {
  const { name, help, labelNames } = METRICS.taskListings;
  const counter: Counter<LabelNames<'taskListings'>> = sharedMetric(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
  return {
    counted(region, instanceId, report) {
      counter.inc({ region, instance_id: instanceId, mode: report.mode, reason: report.reason ?? NO_REASON });
    },
    forgetInstance(region, instanceId) {
      for (const { mode, reason } of KINDS) counter.remove({ region, instance_id: instanceId, mode, reason });
    },
  };
}
