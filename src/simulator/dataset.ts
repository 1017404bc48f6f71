/**
 * What the simulator serves: regions, their instances, each instance's rules and task list.
 * Objects are API-shaped (PascalCase fields exactly as on the wire) so that a test can hand the
 * simulator a malformed record on purpose and the exporter sees it as the real API would send it.
 * The dataset is live: the running simulator reads it on every request, so tests may push
 * instances or tasks while it runs.
 */

/** The account that owns what a dataset does not assign to another one (instances, keys). */
export const DEFAULT_SIM_ACCOUNT = '1000000000000000';

/** An AccessKey pair whose ACS3-HMAC-SHA256 signatures the simulator accepts. */
export interface SimCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** The account the key belongs to: its calls see that account's instances only. @default DEFAULT_SIM_ACCOUNT */
  account?: string;
}

/** An instance as ListInstance returns it. */
export interface RawInstance {
  InstanceId: string;
  InstanceName: string;
  /** e.g. Enterprise_Basic, Enterprise_Standard, Enterprise_Advanced. */
  InstanceSpecification: string;
  /** PENDING, INIT_ERROR, STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED. */
  InstanceStatus: string;
  RegionId: string;
  InstanceIssue?: string;
  ResourceGroupId?: string;
  CreateTime?: string;
  ModifiedTime?: string;
  Tags?: { TagKey: string; TagValue: string }[];
  /** Anything else is sent as given (tests may add odd fields). */
  [field: string]: unknown;
}

/** An artifact subscription rule as ListArtifactSubscriptionRule returns it. */
export interface RawRule {
  RuleId: string;
  InstanceId: string;
  NamespaceName: string;
  RepoName: string;
  /** DOCKER_HUB | GCR | QUAY. */
  SourceProvider: string;
  SourceNamespaceName: string;
  SourceRepoName: string;
  TagRegexp: string;
  /** The "first N tags" setting; absent when the rule sets none. */
  TagCount?: number;
  Platform: string[];
  Override: boolean;
  Accelerate: boolean;
  /** Epoch milliseconds. */
  CreateTime: number;
  ModifiedTime: number;
  [field: string]: unknown;
}

/** A task list, so that huge synthetic datasets need not be held in memory. */
export interface TaskSource {
  /** Tasks visible at `nowMs` (tasks whose StartTime is in the future are not visible yet). */
  count(nowMs: number): number;
  /**
   * Visible tasks [offset, offset+limit) at nowMs, API-shaped (PascalCase JSON objects exactly as
   * sent on the wire), newest first.
   */
  slice(nowMs: number, offset: number, limit: number): Record<string, unknown>[];
  /** Put a task at the head of the list (used by the insert-task fault and by tests). */
  insertAtHead(task: Record<string, unknown>): void;
  /**
   * The visible task with this TaskId, if any. Optional: without it the simulator scans `slice`
   * (GetArtifactSubscriptionTaskResult), which is fine for small lists.
   */
  findTask?(nowMs: number, taskId: string): Record<string, unknown> | undefined;
}

export interface SimInstance {
  /** API-shaped: InstanceId, InstanceName, InstanceSpecification, InstanceStatus, RegionId, ... */
  instance: RawInstance;
  /**
   * The account that owns the instance: ListInstance shows it to that account's keys only, and
   * another account's call for it is answered 403 NoPermission. @default DEFAULT_SIM_ACCOUNT
   */
  account?: string;
  /** API-shaped rules. */
  rules: RawRule[];
  /** The instance's task list. */
  tasks: TaskSource;
  /**
   * A silent PageSize cap on ListArtifactSubscriptionTask: pages hold at most this many tasks
   * (PageNo counts pages of this size) while the answer still says the PageSize asked for.
   * @default none
   */
  silentPageSizeCap?: number;
  /** TotalCount ListArtifactSubscriptionTask announces instead of the real count (a lying server). @default the real count */
  announcedTotalCount?: number;
  /**
   * The order ListArtifactSubscriptionTask lists tasks in, which the API does not document:
   * newest-first (what the console shows), oldest-first, or shuffled (a fixed order by a hash of
   * the TaskId: stable between calls, unrelated to time; it reads the whole list per page, so keep
   * such lists small). @default newest-first
   */
  listOrder?: ListOrder;
  /**
   * GetArtifactSubscriptionTaskResult's TaskResults by TaskId, API-shaped and served as given (tag
   * names a test chooses, hostile ones included). A task not in it gets results derived from its
   * fields (task-tag-results.ts). @default derived for every task
   */
  tagResults?: Record<string, Record<string, unknown>[]>;
}

export type ListOrder = 'newest-first' | 'oldest-first' | 'shuffled';

export interface SimRegion {
  /** Region id, e.g. cn-hangzhou. */
  id: string;
  instances: SimInstance[];
}

export interface SimDataset {
  regions: SimRegion[];
}

/** The instance with this id in the region, if any (the dataset is live, so this is looked up per request). */
export function findInstance(dataset: SimDataset, regionId: string, instanceId: string): SimInstance | undefined {
  const region = dataset.regions.find((candidate) => candidate.id === regionId);
  return region?.instances.find((candidate) => candidate.instance.InstanceId === instanceId);
}
