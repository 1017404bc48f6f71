/**
 * The Container Registry actions the exporter calls and how the transport addresses them: the
 * wire-level facts of version 2018-12-01. Domain types live in src/model.
 */

/** The four read-only actions the exporter calls, with the HTTP method the generated SDK uses. */
export const ACTIONS = {
  ListInstance: 'POST',
  ListArtifactSubscriptionTask: 'GET',
  ListArtifactSubscriptionRule: 'GET',
  GetArtifactSubscriptionTaskResult: 'GET',
} as const;
export type ActionName = keyof typeof ACTIONS;

/** The field of each action's successful response that holds its list. */
export const LIST_FIELDS: Readonly<Record<ActionName, string>> = {
  ListInstance: 'Instances',
  ListArtifactSubscriptionTask: 'Tasks',
  ListArtifactSubscriptionRule: 'Rules',
  GetArtifactSubscriptionTaskResult: 'TaskResults',
};

export const API_VERSION = '2018-12-01';

/** Where a call goes: the region, and the instance for instance-scoped actions. */
export interface CallTarget {
  region: string;
  instanceId?: string;
  /**
   * The region entry's roleArn, when a region is listed once per account: ListInstance names it.
   * Without it, an instance's call goes through the entry that listed the instance (region-entries.ts).
   */
  roleArn?: string | undefined;
}

/**
 * The RAM permission behind each action (Container Registry's "RAM authorization information"):
 * the RAM action to grant, and the narrowest resource it can be granted on. ListInstance has no
 * resource type (all resources, "*"); the instance-scoped actions take the instance's ARN,
 * `acs:cr:<region>:<account>:instance/<InstanceId>`. The README's RAM policy, `doctor` and its
 * minimal policy all read this table.
 */
export const RAM_PERMISSIONS: Readonly<Record<ActionName, { ramAction: string; resource: 'all' | 'instance' }>> = {
  ListInstance: { ramAction: 'cr:ListInstance', resource: 'all' },
  ListArtifactSubscriptionTask: { ramAction: 'cr:ListArtifactSubscriptionTask', resource: 'instance' },
  ListArtifactSubscriptionRule: { ramAction: 'cr:ListArtifactSubscriptionRule', resource: 'instance' },
  GetArtifactSubscriptionTaskResult: { ramAction: 'cr:GetArtifactSubscriptionTaskResult', resource: 'instance' },
};
