import type { Registry } from 'prom-client';
import { METRICS, type MetricKey } from '../metric-names.js';
import { prepareExposition, type PreparedExposition } from './prepared-exposition.js';
import { renderFamilies } from './render-families.js';
import { buildSnapshotRegistry } from './render-snapshot.js';
import type { Snapshot } from './snapshot.js';

/**
 * The long-lived families of the exporter's registry that change only while a collection runs (completion
 * counters and histogram, API request counters and durations, incomplete and all task listings): rendered with each
 * snapshot, so that a scrape renders only what changes at any time (process_*, nodejs_*, build and reload).
 */
const COLLECTION_TIME_METRIC_KEYS = [
  'tasksCompleted',
  'taskDuration',
  'apiRequests',
  'apiRequestDuration',
  'incompleteListings',
  'taskListings',
] as const satisfies readonly MetricKey[];
const COLLECTION_TIME_FAMILIES: ReadonlySet<string> = new Set(COLLECTION_TIME_METRIC_KEYS.map((key) => METRICS[key].name));

/** A snapshot's part of /metrics, as bytes: its collection-time long-lived families, then its gauges. */
export interface SnapshotExposition extends PreparedExposition {
  /** The exporter registry's families included here; a scrape renders the registry's other families. */
  readonly longLivedFamilies: ReadonlySet<string>;
}

/** Returns the snapshot with its exposition prepared; called where the collection publishes a snapshot. */
export type SnapshotPreparer = (snapshot: Snapshot) => Promise<Snapshot>;

export function snapshotPreparer(exporterRegistry: Registry): SnapshotPreparer {
  return async (snapshot) => ({ ...snapshot, exposition: await prepareSnapshotExposition(snapshot, exporterRegistry) });
}

/** The whole per-snapshot exposition, rendered once and encoded as identity and gzip bytes. */
export async function prepareSnapshotExposition(snapshot: Snapshot, exporterRegistry: Registry): Promise<SnapshotExposition> {
  const [longLived, gauges] = await Promise.all([
    renderFamilies(exporterRegistry, (name) => COLLECTION_TIME_FAMILIES.has(name)),
    buildSnapshotRegistry(snapshot).metrics(),
  ]);
  return { ...prepareExposition(longLived.text + gauges), longLivedFamilies: longLived.names };
}
