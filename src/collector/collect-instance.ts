import type { SubscriptionTaskPage } from '../model/subscription-task.js';
import type { InstanceTaskSummary } from './instance-summary.js';
import { TaskAggregator, type TaskAggregatorDeps } from './task-aggregator.js';

/**
 * Aggregates one instance's listing as its pages arrive, holding one page at a time. An error
 * from `pages` (a failed API call) propagates; the completed tasks of the pages before it have
 * already gone to `deps.sink` and stay counted, since those tasks really finished.
 */
export async function collectInstance(
  pages: AsyncIterable<SubscriptionTaskPage>,
  deps: TaskAggregatorDeps,
): Promise<InstanceTaskSummary> {
  const aggregator = new TaskAggregator(deps);
  for await (const page of pages) aggregator.add(page);
  return aggregator.summary();
}
