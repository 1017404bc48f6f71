import type { Instance } from '../model/instance.js';
import type { Clock } from '../clock.js';
import type { DiscoveryConfig, RegionConfig } from '../config/types.js';
import { regionEntryKey, targetKey, type InstanceTarget } from './instance-target.js';
import { createInstanceFilter, type InstanceFilter } from './instance-filter.js';
import type { Shard } from '../model/shard.js';
import { ownsInstance } from './shard.js';

/** What discovery needs of the API: ListInstance, one region entry (region, role) per call, page by page. */
export interface InstanceLister {
  listInstances(region: string, options?: { instanceStatus?: string; roleArn?: string | undefined }): AsyncIterable<Instance[]>;
}

export interface DiscoveryResult {
  /** Every instance this exporter (shard) collects, in region then id order. */
  targets: InstanceTarget[];
  /** Instances found in all regions before sharding (what every shard agrees on). */
  discoveredCount: number;
  /** Region entries whose ListInstance failed on the last try; their previous list (if any) is still used. */
  failures: { region: string; roleArn?: string | undefined; error: unknown }[];
}

function discoveredTarget(region: RegionConfig, instance: Instance): InstanceTarget {
  const { instanceId, instanceName, instanceSpecification, instanceStatus } = instance;
  return { region: region.id, instanceId, ...roleOf(region), info: { instanceName, instanceSpecification, instanceStatus } };
}

/** `{ roleArn }` for an entry with a role, else nothing (targets of the default credential carry no roleArn field). */
function roleOf(region: RegionConfig): { roleArn?: string } {
  return region.role ? { roleArn: region.role.arn } : {};
}

function entryKey(region: RegionConfig): string {
  return regionEntryKey(region.id, region.role?.arn);
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
        for (const instanceId of region.instances) all.push({ region: region.id, instanceId, ...roleOf(region), info: undefined });
        continue;
      }
      try {
        const instances = await this.listRegion(region);
        for (const instance of instances) all.push(discoveredTarget(region, instance));
      } catch (error) {
        failures.push({ region: region.id, ...roleOf(region), error });
        const previous = this.listings.get(entryKey(region));
        for (const instance of previous?.instances ?? []) all.push(discoveredTarget(region, instance));
      }
    }
    // Two roles of one account see the same instances: each is collected once, through the first entry.
    const byKey = new Map<string, InstanceTarget>();
    for (const target of all) if (!byKey.has(targetKey(target))) byKey.set(targetKey(target), target);
    const unique = [...byKey.values()];
    const targets = unique
      .filter((target) => ownsInstance(this.deps.shard, target.instanceId))
      .sort((a, b) => a.region.localeCompare(b.region) || a.instanceId.localeCompare(b.instanceId));
    return { targets, discoveredCount: unique.length, failures };
  }

  /** The region entry's filtered instances, from the cached listing while it is younger than refreshInterval. */
  private async listRegion(region: RegionConfig): Promise<Instance[]> {
    const cached = this.listings.get(entryKey(region));
    const now = this.deps.clock.now();
    if (cached && now - cached.listedAtMs < this.deps.discovery.refreshInterval) return cached.instances;

    const statuses = new Set(this.deps.discovery.instanceStatuses);
    const byId = new Map<string, Instance>();
    for (const status of statuses) {
      for await (const page of this.deps.lister.listInstances(region.id, { instanceStatus: status, roleArn: region.role?.arn })) {
        for (const instance of page) {
          // The API filters by status already; checking again keeps a lenient server from widening the set.
          if (statuses.has(instance.instanceStatus) && this.filter.accepts(instance.instanceId, instance.instanceName)) {
            byId.set(instance.instanceId, instance);
          }
        }
      }
    }
    const instances = [...byId.values()];
    this.listings.set(entryKey(region), { instances, listedAtMs: now });
    return instances;
  }
}
