/**
 * Stable assignment of instances to shards: FNV-1a (32 bit) of the instance id modulo the number
 * of shards. It depends only on the id, so every replica agrees and a restart changes nothing.
 */
import type { Shard } from '../model/shard.js';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

export function shardOf(instanceId: string, totalShards: number): number {
  return fnv1a32(instanceId) % totalShards;
}

export function ownsInstance(shard: Shard, instanceId: string): boolean {
  return shard.total <= 1 || shardOf(instanceId, shard.total) === shard.index;
}
