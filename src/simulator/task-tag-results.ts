/**
 * Per-tag results of one task (GetArtifactSubscriptionTaskResult), derived from the task alone so
 * that the same task always has the same tags: one COMPLETED/SUCCESS entry per subscribed tag,
 * plus the tag in progress while the task runs, plus, when the task failed, one COMPLETED/FAILED
 * entry per tag it found but did not subscribe (at least one).
 */
import { SeededRandom, hashString } from './seeded-random.js';

/** Per-tag Status of a finished tag (the value the API's documentation shows). */
const TAG_DONE = 'COMPLETED';
const TAG_RUNNING = 'RUNNING';

export function taskTagResults(task: Record<string, unknown>, nowMs: number): Record<string, unknown>[] {
  const subscribed = nonNegativeInteger(task['TagSubscriptionCount']);
  const total = Math.max(subscribed, nonNegativeInteger(task['TagTotalCount']));
  const startMs = finiteNumber(task['StartTime']);
  const endMs = finiteNumber(task['EndTime']);
  const running = task['TaskStatus'] === 'RUNNING' || !(endMs > 0);
  const result = typeof task['TaskResult'] === 'string' ? task['TaskResult'] : '';
  const failed = !running && result !== '' && result !== 'SUCCESS';

  const outcomes: { status: string; result: string }[] = [];
  for (let j = 0; j < subscribed; j++) outcomes.push({ status: TAG_DONE, result: 'SUCCESS' });
  if (running && subscribed < total) outcomes.push({ status: TAG_RUNNING, result: '' });
  if (failed) for (let j = 0; j < Math.max(1, total - subscribed); j++) outcomes.push({ status: TAG_DONE, result: 'FAILED' });

  const spanEndMs = running ? Math.max(startMs, nowMs) : Math.max(startMs, endMs);
  const stepMs = outcomes.length > 0 ? (spanEndMs - startMs) / outcomes.length : 0;
  const major = new SeededRandom(hashString(String(task['TaskId'] ?? ''))).int(1, 9);
  return outcomes.map((outcome, j) => {
    // Newest version first, like a registry's tag list; unique per j.
    const version = outcomes.length - 1 - j;
    const inProgress = outcome.status === TAG_RUNNING;
    return {
      Tag: `v${major}.${Math.floor(version / 10)}.${version % 10}`,
      Status: outcome.status,
      Result: outcome.result,
      StartTime: Math.round(startMs + j * stepMs),
      EndTime: inProgress ? 0 : Math.round(startMs + (j + 1) * stepMs),
      NamespaceName: task['NamespaceName'] ?? '',
      RepoName: task['RepoName'] ?? '',
    };
  });
}

function finiteNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : 0;
}

function nonNegativeInteger(value: unknown): number {
  const number = Math.floor(finiteNumber(value));
  return number > 0 ? number : 0;
}
