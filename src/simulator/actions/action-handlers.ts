import type { ActionHandler } from './action-handler.js';
import { getArtifactSubscriptionTaskResult } from './get-artifact-subscription-task-result.js';
import { listArtifactSubscriptionRule } from './list-artifact-subscription-rule.js';
import { listArtifactSubscriptionTask } from './list-artifact-subscription-task.js';
import { listInstance } from './list-instance.js';

/** The actions the simulator serves, by x-acs-action; any other is InvalidAction.NotFound. */
export const ACTION_HANDLERS: ReadonlyMap<string, ActionHandler> = new Map([
  ['ListInstance', listInstance],
  ['ListArtifactSubscriptionTask', listArtifactSubscriptionTask],
  ['ListArtifactSubscriptionRule', listArtifactSubscriptionRule],
  ['GetArtifactSubscriptionTaskResult', getArtifactSubscriptionTaskResult],
]);
