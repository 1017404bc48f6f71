import { ACTIONS, RAM_PERMISSIONS, type ActionName } from '../api/actions.js';
import type { DeniedPermission } from './check.js';

/** A RAM policy document (version 1) that only allows. */
export interface RamPolicy {
  Version: '1';
  Statement: { Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

const ALL_RESOURCES = '*';
const ACTION_ORDER = Object.keys(ACTIONS) as ActionName[];

/** The ARN of a Container Registry instance, for any account: `acs:cr:<region>:*:instance/<id>`. */
export function instanceArn(region: string, instanceId: string): string {
  return `acs:cr:${region}:*:instance/${instanceId}`;
}

/** What the exporter needs, on every resource: the README's policy. */
export function fullRamPolicy(): RamPolicy {
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: ACTION_ORDER.map((action) => RAM_PERMISSIONS[action].ramAction), Resource: ALL_RESOURCES }] };
}

/**
 * The smallest policy that grants what was denied: each instance-scoped action on the instances it
 * was denied on, ListInstance on "*" (it has no resource type). Actions denied on the same
 * resources share a statement. Undefined when nothing was denied.
 */
export function minimalRamPolicy(denied: readonly DeniedPermission[]): RamPolicy | undefined {
  const resourcesByAction = new Map<ActionName, Set<string>>();
  for (const permission of denied) {
    const scoped = RAM_PERMISSIONS[permission.action].resource === 'instance' && permission.instanceId !== undefined;
    const resource = scoped ? instanceArn(permission.region, permission.instanceId as string) : ALL_RESOURCES;
    const resources = resourcesByAction.get(permission.action) ?? new Set<string>();
    resources.add(resource);
    resourcesByAction.set(permission.action, resources);
  }
  if (resourcesByAction.size === 0) return undefined;

  const statements = new Map<string, { actions: string[]; resources: string[] }>();
  for (const action of ACTION_ORDER) {
    const resources = resourcesByAction.get(action);
    if (!resources) continue;
    // "*" covers every ARN: a set holding it is just "*".
    const sorted = resources.has(ALL_RESOURCES) ? [ALL_RESOURCES] : [...resources].sort();
    const key = sorted.join('\n');
    const statement = statements.get(key) ?? { actions: [], resources: sorted };
    statement.actions.push(RAM_PERMISSIONS[action].ramAction);
    statements.set(key, statement);
  }
  return {
    Version: '1',
    Statement: [...statements.values()].map(({ actions, resources }) => ({
      Effect: 'Allow',
      Action: actions,
      Resource: resources.length === 1 ? (resources[0] as string) : resources,
    })),
  };
}
