import type { Instance } from '../model/instance.js';

/** One instance the exporter collects. */
export interface InstanceTarget {
  region: string;
  instanceId: string;
  /** What ListInstance said of it; undefined for instances listed statically in the config. */
  info: Pick<Instance, 'instanceName' | 'instanceSpecification' | 'instanceStatus'> | undefined;
}

export function targetKey(target: Pick<InstanceTarget, 'region' | 'instanceId'>): string {
  return `${target.region}/${target.instanceId}`;
}
