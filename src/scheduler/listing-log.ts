import type { ListingReport } from '../api/listing-report.js';
import type { InstanceOutcome } from './collect-targets.js';

/** An instance's part of the per-collection log line about its listing: mode, why full, what did not fit. */
export function listingFields(listing: ListingReport | undefined): Record<string, unknown> {
  if (listing === undefined) return {};
  return { listing: listing.mode, listingReason: listing.reason, listingDetail: listing.detail, listingCalls: listing.pagesRead };
}

/** Task-list pages read by the listings of this collection that stayed incremental. */
export function incrementalCalls(outcomes: readonly InstanceOutcome[]): number {
  return outcomes.reduce((sum, outcome) => sum + (outcome.listing?.mode === 'incremental' ? outcome.listing.pagesRead : 0), 0);
}
