/**
 * Which shard this exporter is. Set explicitly, it is that; with one shard, 0; otherwise it is
 * the ordinal a StatefulSet puts at the end of the pod name (acr-exporter-3 -> 3), read from env
 * POD_NAME (the chart sets it from metadata.name), so N replicas share one configuration.
 */
import { ConfigError } from '../errors.js';
import type { Shard } from '../model/shard.js';
import { quoteText } from './describe-value.js';

export const POD_NAME_ENV = 'POD_NAME';

const TRAILING_ORDINAL = /-(\d+)$/;

/** "0 to 2 (sharding.totalShards is 3)": the shards allowed, with the reason. */
export function shardRange(totalShards: number): string {
  const range = totalShards === 1 ? '0' : `0 to ${totalShards - 1}`;
  return `${range} (sharding.totalShards is ${totalShards})`;
}

/**
 * @param sharding.shard the configured shard, already checked against totalShards when set.
 * @throws ConfigError naming sharding.shard when the shard cannot be found or is out of range.
 */
export function resolveShard(sharding: { shard?: number | undefined; totalShards: number }, podName: string | undefined): Shard {
  const { shard, totalShards } = sharding;
  if (shard !== undefined) return { index: shard, total: totalShards };
  if (totalShards === 1) return { index: 0, total: 1 };
  const source = `env ${POD_NAME_ENV}`;
  const howToSet = 'set sharding.shard (--shard N, ACR_SHARDING_SHARD) or run in a StatefulSet with POD_NAME from metadata.name';
  if (podName === undefined || podName === '') {
    throw new ConfigError('sharding.shard', `unset with sharding.totalShards ${totalShards}, and ${POD_NAME_ENV} is not set; ${howToSet}`);
  }
  const ordinal = TRAILING_ORDINAL.exec(podName)?.[1];
  if (ordinal === undefined) {
    throw new ConfigError(
      'sharding.shard',
      `${POD_NAME_ENV} ${quoteText(podName)} has no ordinal at its end; expected a name such as acr-exporter-0, or ${howToSet}`,
      source,
    );
  }
  const fromPod = Number(ordinal);
  if (fromPod >= totalShards) {
    throw new ConfigError(
      'sharding.shard',
      `${fromPod} (the ordinal of ${POD_NAME_ENV} ${quoteText(podName)}) is out of range; expected ${shardRange(totalShards)}`,
      source,
    );
  }
  return { index: fromPod, total: totalShards };
}
