import type { Instance } from '../model/instance.js';
import { isRawObject, readString } from './raw-fields.js';

/**
 * Validates one raw entry of ListInstance's `Instances`. An entry without an InstanceId cannot be
 * collected and is dropped (undefined). RegionId defaults to the region that was asked, since
 * ListInstance lists one region per call.
 */
export function parseInstance(raw: unknown, region: string): Instance | undefined {
  if (!isRawObject(raw)) return undefined;
  const instanceId = readString(raw['InstanceId']).trim();
  if (instanceId === '') return undefined;
  return {
    instanceId,
    instanceName: readString(raw['InstanceName']),
    instanceSpecification: readString(raw['InstanceSpecification']),
    instanceStatus: readString(raw['InstanceStatus']),
    regionId: readString(raw['RegionId']) || region,
  };
}
