import type { InstanceTaskSummary } from './instance-summary.js';
import type { InstanceRules } from './instance-rules.js';
import type { Shard } from '../model/shard.js';
import type { SnapshotExposition } from './snapshot-exposition.js';
import type { InstanceTaskTags } from './task-tag-summary.js';

/**
 * What the scheduler hands to the renderer (render-snapshot.ts): the state of every owned
 * instance at one moment, as plain data. The renderer turns it into a fresh registry, so an
 * instance or repository missing from a snapshot simply has no series.
 */

export interface InstanceInfo {
  instanceName: string;
  instanceSpecification: string;
  instanceStatus: string;
}

export interface InstanceSnapshot {
  region: string;
  instanceId: string;
  /** From discovery (ListInstance); undefined for static instances that were not looked up. */
  info: InstanceInfo | undefined;
  /** Whether the instance's last collection succeeded. */
  collectSuccess: boolean;
  /** Wall time of the instance's last collection, successful or not. */
  collectDurationSeconds: number;
  /** Epoch ms when the last successful collection finished; undefined when none ever did. */
  lastSuccessTimeMs: number | undefined;
  /** Task data to expose: the last good summary (the scheduler decides whether stale data is still kept). */
  tasks: InstanceTaskSummary | undefined;
  /** The last failure, for the landing page and the logs; never a label. */
  error: { code: string; message: string } | undefined;
  /** Subscription rules; absent until the instance's rules were first listed (or when nothing lists them). */
  rules?: InstanceRules;
  /** Tag results of the failed newest finished tasks in `tasks`; absent without task data or with collection.taskResultBudget 0. */
  lastTaskTags?: InstanceTaskTags;
}

export interface Snapshot {
  /** Epoch ms when the snapshot was taken. */
  takenAtMs: number;
  /** The owned instances, in the order to render them. */
  instances: InstanceSnapshot[];
  /** This exporter's shard (index 0..total-1); { index: 0, total: 1 } when not sharded. */
  shard: Shard;
  /**
   * The snapshot's /metrics bytes, prepared by the collection when it publishes the snapshot
   * (snapshot-exposition.ts); absent on a snapshot built by hand, which the renderer then prepares itself.
   */
  exposition?: SnapshotExposition;
}
