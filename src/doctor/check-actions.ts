import type { AcrClient } from '../api/acr-client.js';
import type { Clock } from '../clock.js';
import type { DiscoveryConfig, RegionConfig } from '../config/types.js';
import { InstanceDiscovery } from '../discovery/instance-discovery.js';
import type { InstanceTarget } from '../discovery/instance-target.js';
import type { Shard } from '../model/shard.js';
import { entryName } from './entry-name.js';
import type { Check } from './check.js';
import { failedCallCheck } from './failed-call-check.js';

export interface DiscoveryCheck {
  check: Check;
  /** The instances the exporter would collect in this region (on this shard). */
  targets: InstanceTarget[];
}

/**
 * ListInstance as the exporter uses it: the region's instances through the same discovery (status
 * filter, include/exclude patterns, shard). A region with a static instance list never calls it:
 * the check is skipped and the static instances (of this shard) are the targets.
 */
export async function checkDiscovery(
  region: RegionConfig,
  settings: { discovery: DiscoveryConfig; shard: Shard; lister: AcrClient; clock: Clock },
): Promise<DiscoveryCheck> {
  const discovery = new InstanceDiscovery({ regions: [region], discovery: settings.discovery, shard: settings.shard, lister: settings.lister, clock: settings.clock });
  const result = await discovery.discover();
  const failure = result.failures[0];
  if (failure) return { check: failedCallCheck(failure.error, 'ListInstance', entryName(region)), targets: [] };
  const { shard } = settings;
  const onShard = shard.total > 1 ? `; ${result.targets.length} on shard ${shard.index} of 0..${shard.total - 1}` : '';
  if (region.instances !== undefined) {
    const detail = `static instances list (${region.instances.length}): the exporter does not call ListInstance here${onShard}`;
    return { check: { status: 'skipped', name: 'ListInstance', target: entryName(region), detail }, targets: result.targets };
  }
  const statuses = settings.discovery.instanceStatuses.join(', ');
  const found = `${result.discoveredCount} instance(s) with status ${statuses} after the include/exclude filters${onShard}`;
  if (result.targets.length > 0) return { check: { status: 'ok', name: 'ListInstance', target: entryName(region), detail: found }, targets: result.targets };
  // Allowed, but nothing to collect: a wrong region id, status or pattern, or more shards than instances.
  const why = result.discoveredCount > 0 ? 'this shard owns none of them' : 'check the region id, discovery.instanceStatuses and the filters';
  return { check: { status: 'warn', name: 'ListInstance', target: entryName(region), detail: `${found}: nothing to collect; ${why}` }, targets: [] };
}

/**
 * The instance-scoped actions, once each, through a client whose pages hold one entry:
 * ListArtifactSubscriptionTask (its first task gives the TaskId), ListArtifactSubscriptionRule,
 * GetArtifactSubscriptionTaskResult of that task.
 */
export async function checkInstanceActions(client: AcrClient, target: Pick<InstanceTarget, 'region' | 'instanceId'>): Promise<Check[]> {
  const { region, instanceId } = target;
  const where = `${region}/${instanceId}`;
  const checks: Check[] = [];

  let taskId: string | undefined;
  let taskListed = false;
  try {
    for await (const page of client.listSubscriptionTasks(region, instanceId)) {
      const task = page.tasks[0];
      taskId = task?.taskId;
      const first = task ? `first task ${task.taskId} (${task.taskStatus}${task.taskResult ? `, ${task.taskResult}` : ''})` : 'no valid task on the first page';
      checks.push({ status: 'ok', name: 'ListArtifactSubscriptionTask', target: where, detail: `answered: ${first}` });
      break; // one page is the check
    }
    if (checks.length === 0) checks.push({ status: 'ok', name: 'ListArtifactSubscriptionTask', target: where, detail: 'answered: no task' });
    taskListed = true;
  } catch (error) {
    checks.push(failedCallCheck(error, 'ListArtifactSubscriptionTask', region, instanceId));
  }

  try {
    let rules = 0;
    for await (const page of client.listSubscriptionRules(region, instanceId)) {
      rules = page.length;
      break;
    }
    checks.push({ status: 'ok', name: 'ListArtifactSubscriptionRule', target: where, detail: rules > 0 ? 'answered: the instance has rules' : 'answered: no rule' });
  } catch (error) {
    checks.push(failedCallCheck(error, 'ListArtifactSubscriptionRule', region, instanceId));
  }

  const name = 'GetArtifactSubscriptionTaskResult';
  if (taskId === undefined) {
    const detail = taskListed ? 'no task' : 'no TaskId: ListArtifactSubscriptionTask failed';
    checks.push({ status: 'skipped', name, target: where, detail });
    return checks;
  }
  try {
    const results = await client.getSubscriptionTaskResult(region, instanceId, taskId);
    const first = results[0];
    checks.push({ status: 'ok', name, target: where, detail: first ? `answered for task ${taskId}: tag ${first.tag} ${first.status}` : `answered for task ${taskId}: no tag result` });
  } catch (error) {
    checks.push(failedCallCheck(error, name, region, instanceId));
  }
  return checks;
}
