/**
 * A 53-bit hash of a TaskId within a scope (an instance: TaskIds are only documented unique per
 * instance). What is remembered of a TaskId instead of the string, so that an entry costs a few
 * bytes outside the JavaScript heap rather than a string and a hash-table entry inside it: the
 * per-listing set of AcrClient.listSubscriptionTasks and the process-wide CompletionTracker.
 *
 * The algorithm is cyrb53 (public domain, github.com/bryc/code): two 32-bit multiply-xor lanes
 * over the UTF-16 code units, finalised into 21 + 32 bits. Scope and TaskId are hashed as one
 * sequence with a NUL between them, so ("a", "bc") and ("ab", "c") differ.
 *
 * Collisions: with n hashes held, a new TaskId matches one of them with probability n / 2^53
 * (2.2e-11 at n = 200,000); the task is then taken for the one it collides with.
 */

const LANE_1_SEED = 0xdeadbeef;
const LANE_2_SEED = 0x41c6ce57;
const SEPARATOR = 0;
const TWO_TO_32 = 2 ** 32;
/** The 21 high bits that, with 32 low bits, make a safe integer. */
const HIGH_MASK = 0x1fffff;

export function taskIdHash(scope: string, taskId: string): number {
  let h1 = LANE_1_SEED;
  let h2 = LANE_2_SEED;
  // One sequence, scope + NUL + taskId, without building the concatenated string.
  for (let i = 0; i <= scope.length; i += 1) {
    const code = i < scope.length ? scope.charCodeAt(i) : SEPARATOR;
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  for (let i = 0; i < taskId.length; i += 1) {
    const code = taskId.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }

  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_TO_32 * (HIGH_MASK & h2) + (h1 >>> 0);
}
