import { taskIdHash } from '../structures/task-id-hash.js';

const TWO_TO_53 = 2 ** 53;

/**
 * A stable offset in [0, intervalMs) for an instance, from a hash of its key: its first full
 * resync comes this much after one interval, so instances listed in full together at a start do
 * not resync in the same collection ever after.
 */
export function resyncOffsetMs(instanceKey: string, intervalMs: number): number {
  return Math.floor((taskIdHash('resync', instanceKey) / TWO_TO_53) * intervalMs);
}
