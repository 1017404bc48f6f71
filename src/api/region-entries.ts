import type { RegionConfig } from '../config/types.js';
import { regionEntryKey } from '../discovery/instance-target.js';
import type { CallTarget } from './actions.js';

/**
 * Which region entry of the configuration a call goes through. A region may be listed once per
 * RAM role (one entry per account), so the region id alone no longer names an entry: an entry is
 * (region id, roleArn), and each has its own endpoint settings and credential.
 *
 * A call names its entry with `roleArn` (ListInstance does: discovery lists per entry). A call
 * for an instance that does not (the instance-scoped actions, addressed by region and instance
 * id) goes through the entry that listed the instance, statically or with ListInstance: instance
 * ids are unique across accounts, so the instance tells the account.
 */
export class RegionEntries {
  private readonly entries = new Map<string, RegionConfig>();
  private readonly byRegion = new Map<string, RegionConfig[]>();
  /** Instance id -> key of the entry that listed it last. */
  private readonly listedBy = new Map<string, string>();

  constructor(regions: readonly RegionConfig[]) {
    for (const region of regions) {
      const key = regionEntryKey(region.id, region.role?.arn);
      this.entries.set(key, region);
      this.byRegion.set(region.id, [...(this.byRegion.get(region.id) ?? []), region]);
      for (const instanceId of region.instances ?? []) this.listedBy.set(instanceId, key);
    }
  }

  /** The entry of a call, with its key; a string saying why there is none. */
  resolve(target: CallTarget): { key: string; entry: RegionConfig } | string {
    const candidates = this.byRegion.get(target.region) ?? [];
    if (candidates.length === 0) return `region is not configured (configured: ${[...this.byRegion.keys()].join(', ') || 'none'})`;
    if (target.roleArn !== undefined) {
      const key = regionEntryKey(target.region, target.roleArn);
      const entry = this.entries.get(key);
      return entry ? { key, entry } : `region has no entry with roleArn ${target.roleArn}`;
    }
    const listedKey = target.instanceId === undefined ? undefined : this.listedBy.get(target.instanceId);
    const listedEntry = listedKey === undefined ? undefined : this.entries.get(listedKey);
    if (listedKey !== undefined && listedEntry?.id === target.region) return { key: listedKey, entry: listedEntry };
    const entry = candidates.length === 1 ? candidates[0] : candidates.find((candidate) => candidate.role === undefined);
    if (entry) return { key: regionEntryKey(entry.id, entry.role?.arn), entry };
    return `region has ${candidates.length} entries (one per roleArn) and the call names none${target.instanceId ? ` (instance ${target.instanceId} was listed by none)` : ''}`;
  }

  /** The entry `key` listed these instances: their calls go through it from now on. */
  learn(key: string, instanceIds: Iterable<string>): void {
    for (const instanceId of instanceIds) this.listedBy.set(instanceId, key);
  }
}
