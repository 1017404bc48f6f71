import type { Instance } from '../model/instance.js';
import type { Clock } from '../clock.js';
import type { DiscoveryConfig, RegionConfig } from '../config/types.js';
import type { InstanceTarget } from './instance-target.js';
import { createInstanceFilter, type InstanceFilter } from './instance-filter.js';
import type { Shard } from '../model/shard.js';
import { ownsInstance } from './shard.js';

/** What discovery needs of the API: ListInstance, one region per call, page by page. */
export interface InstanceLister {
  listInstances(region: string, options?: { instanceStatus?: string }): AsyncIterable<Instance[]>;
}

export interface DiscoveryResult {
  /** Every instance this exporter (shard) collects, in region then id order. */
  targets: InstanceTarget[];
  /** Instances found in all regions before sharding (what every shard agrees on). */
  discoveredCount: number;
  /** Regions whose ListInstance failed on the last try; their previous list (if any) is still used. */
  failures: { region: string; error: unknown }[];
}

function discoveredTarget(region: string, instance: Instance): InstanceTarget {
  const { instanceId, instanceName, instanceSpecification, instanceStatus } = instance;
  return { region, instanceId, info: { instanceName, instanceSpecification, instanceStatus } };
}

interface RegionListing {
  instances: Instance[];
  listedAtMs: number;
}

/**
 * Which instances to collect: the static list of a region, or ListInstance per region refreshed every
 * `discovery.refreshInterval`, filtered by status and by the include/exclude patterns, then sharded.
 * A region whose ListInstance fails keeps its last good list and is tried again on the next call.
 */
export class InstanceDiscovery {
  private readonly listings = new Map<string, RegionListing>();
  private readonly filter: InstanceFilter;

  constructor(
    private readonly deps: {
      regions: readonly RegionConfig[];
      discovery: DiscoveryConfig;
      shard: Shard;
      lister: InstanceLister;
      clock: Clock;
    },
  ) {
    this.filter = createInstanceFilter(deps.discovery);
  }

  async discover(): Promise<DiscoveryResult> {
    const failures: DiscoveryResult['failures'] = [];
    const all: InstanceTarget[] = [];
    for (const region of this.deps.regions) {
      if (region.instances !== undefined) {
        for (const instanceId of region.instances) all.push({ region: region.id, instanceId, info: undefined });
        continue;
      }
      try {
        const instances = await this.listRegion(region.id);
        for (const instance of instances) all.push(discoveredTarget(region.id, instance));
      } catch (error) {
        failures.push({ region: region.id, error });
        const previous = this.listings.get(region.id);
        for (const instance of previous?.instances ?? []) all.push(discoveredTarget(region.id, instance));
      }
    }
    const targets = all
      .filter((target) => ownsInstance(this.deps.shard, target.instanceId))
      .sort((a, b) => a.region.localeCompare(b.region) || a.instanceId.localeCompare(b.instanceId));
    return { targets, discoveredCount: all.length, failures };
  }

  /** The region's filtered instances, from the cached listing while it is younger than refreshInterval. */
  private async listRegion(region: string): Promise<Instance[]> {
    const cached = this.listings.get(region);
    const now = this.deps.clock.now();
    if (cached && now - cached.listedAtMs < this.deps.discovery.refreshInterval) return cached.instances;

    const statuses = new Set(this.deps.discovery.instanceStatuses);
    const byId = new Map<string, Instance>();
    for (const status of statuses) {
      for await (const page of this.deps.lister.listInstances(region, { instanceStatus: status })) {
        for (const instance of page) {
          // The API filters by status already; checking again keeps a lenient server from widening the set.
          if (statuses.has(instance.instanceStatus) && this.filter.accepts(instance.instanceId, instance.instanceName)) {
            byId.set(instance.instanceId, instance);
          }
        }
      }
    }
    const instances = [...byId.values()];
    this.listings.set(region, { instances, listedAtMs: now });
    return instances;
  }
}
