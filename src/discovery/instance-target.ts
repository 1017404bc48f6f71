import type { Instance } from '../model/instance.js';

/** One instance the exporter collects. */
export interface InstanceTarget {
  region: string;
  instanceId: string;
  /**
   * The roleArn of the region entry that lists the instance, when the region is listed once per
   * account; undefined for an entry signed by the default credential. Not part of targetKey:
   * instance ids are unique across accounts.
   */
  roleArn?: string | undefined;
  /** What ListInstance said of it; undefined for instances listed statically in the config. */
  info: Pick<Instance, 'instanceName' | 'instanceSpecification' | 'instanceStatus'> | undefined;
}

export function targetKey(target: Pick<InstanceTarget, 'region' | 'instanceId'>): string {
  return `${target.region}/${target.instanceId}`;
}

/**
 * The key of a region entry: a region may be listed once per RAM role (account), so (region id,
 * roleArn) names an entry; an entry without a role is keyed by its region id alone.
 */
export function regionEntryKey(region: string, roleArn: string | undefined): string {
  return roleArn === undefined ? region : `${region} ${roleArn}`;
}
