/** Why an instance's tasks were listed in full rather than incrementally. */
export type FullListingReason =
  | 'configured' // collection.listing is full
  | 'first' // nothing known about the instance yet (first collection, restart, reload)
  | 'resync' // collection.fullResyncInterval has passed since its last full listing
  | 'order_unverified' // its last full listing was not verified newest first (the detail says why)
  | 'known_tasks_max' // keeping its tasks would pass collection.knownTasksMax
  | `mismatch:${string}`; // an incremental listing did not reconcile (ListingMismatch.what), so it went on in full

/** How one collection listed an instance's tasks: for the per-collection log line. */
export interface ListingReport {
  mode: 'incremental' | 'full';
  /** Why it was full; undefined when incremental. */
  reason: FullListingReason | undefined;
  /** For order_unverified, why the order was not verified; for a mismatch, what did not fit. */
  detail: string | undefined;
  /** Pages of ListArtifactSubscriptionTask read (each at most once per collection; retries not counted). */
  pagesRead: number;
}
