import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { METRICS, type LabelNames } from '../metric-names.js';
import { sharedMetric } from './shared-metric.js';
import type { IncompleteListing, ListingObserver } from './acr-client.js';
import type { IncompleteReason } from './paginate.js';

/** Every reason, so that an instance's series exist at 0 before the first occurrence (increase() sees it). */
const REASONS: readonly IncompleteReason[] = ['max_pages', 'empty_page'];
/** The listing whose shortfall is counted: an instance's tasks, what its metrics are made of. */
const COUNTED_ACTION = 'ListArtifactSubscriptionTask';

/**
 * Counts task listings that ended short of what the API announced in
 * acr_exporter_incomplete_listings_total{region,instance_id,reason} and logs every short listing
 * (any action) at warn. An instance's series start at 0 the first time its tasks are listed.
 */
export function incompleteListingsObserver(registry: Registry, logger: Logger | undefined): ListingObserver {
  const counter = incompleteListingsCounter(registry);
  const started = new Set<string>();
  return {
    started(listing) {
      if (listing.action !== COUNTED_ACTION || listing.instanceId === undefined) return;
      const key = `${listing.region}/${listing.instanceId}`;
      if (started.has(key)) return;
      started.add(key);
      for (const reason of REASONS) counter.inc({ region: listing.region, instance_id: listing.instanceId, reason }, 0);
    },
    forgetInstance(region, instanceId) {
      started.delete(`${region}/${instanceId}`);
      for (const reason of REASONS) counter.remove({ region, instance_id: instanceId, reason });
    },
    incomplete(listing: IncompleteListing) {
      if (listing.action === COUNTED_ACTION && listing.instanceId !== undefined) {
        counter.inc({ region: listing.region, instance_id: listing.instanceId, reason: listing.reason });
      }
      logger?.warn(
        {
          action: listing.action,
          region: listing.region,
          instanceId: listing.instanceId,
          reason: listing.reason,
          listed: listing.listed,
          announced: listing.announced,
          pagesFetched: listing.pagesFetched,
        },
        listing.reason === 'max_pages'
          ? 'listing stopped at collection.maxPages short of what the API announced; raise it if the API really has more pages'
          : 'listing ended at an empty page short of the TotalCount the API announced',
      );
    },
  };
}

function incompleteListingsCounter(registry: Registry): Counter<LabelNames<'incompleteListings'>> {
  const { name, help, labelNames } = METRICS.incompleteListings;
  return sharedMetric(registry, name, () => new Counter({ name, help, labelNames, registers: [registry] }));
}
