import type { SeededRandom } from './seeded-random.js';

/** Share of tasks that end SUCCESS; the rest end FAILED. */
const SUCCESS_RATE = 0.85;
/** Task durations are log-uniform in this range: tens of seconds to about two hours. */
const MIN_DURATION_MS = 20_000;
const MAX_DURATION_MS = 2 * 60 * 60_000;
/** TagTotalCount is log-uniform in 1..MAX_TAGS (many small repositories, a few with hundreds of tags). */
const MAX_TAGS = 400;
/** Share of successful tasks that subscribed every tag; the others subscribed part of them. */
const FULL_SUBSCRIPTION_RATE = 0.7;
/** Share of tasks started by hand rather than by the rule's schedule. */
const MANUAL_RATE = 0.1;

/** The random parts of a generated task: how long it runs, how it ends, how many tags it has. */
export interface TaskOutcome {
  durationMs: number;
  finalResult: 'SUCCESS' | 'FAILED';
  tagTotalCount: number;
  tagSubscriptionCount: number;
  taskType: 'AUTO' | 'MANUAL';
}

export function randomTaskOutcome(rng: SeededRandom): TaskOutcome {
  const durationMs = Math.round(rng.logUniform(MIN_DURATION_MS, MAX_DURATION_MS) / 1000) * 1000;
  const finalResult = rng.chance(SUCCESS_RATE) ? 'SUCCESS' : 'FAILED';
  const tagTotalCount = Math.min(MAX_TAGS, Math.floor(rng.logUniform(1, MAX_TAGS + 1)));
  const full = finalResult === 'SUCCESS' && rng.chance(FULL_SUBSCRIPTION_RATE);
  const tagSubscriptionCount = full ? tagTotalCount : rng.int(0, tagTotalCount);
  const taskType = rng.chance(MANUAL_RATE) ? 'MANUAL' : 'AUTO';
  return { durationMs, finalResult, tagTotalCount, tagSubscriptionCount, taskType };
}

/** An id like the API's: crast-<16 lowercase letters and digits>. */
export function randomTaskId(rng: SeededRandom): string {
  return `crast-${rng.id(16)}`;
}
