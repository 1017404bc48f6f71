/**
 * Typed models of the Container Registry API (version 2018-12-01) as the exporter uses them.
 * Raw JSON is validated into these by src/api/parse-*.ts; nothing downstream sees raw JSON.
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

/** An ACR Enterprise Edition instance (ListInstance). */
export interface Instance {
  instanceId: string;
  instanceName: string;
  /** e.g. Enterprise_Basic; "" when the API omits it. */
  instanceSpecification: string;
  /** PENDING, INIT_ERROR, STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED; "" when omitted. */
  instanceStatus: string;
  regionId: string;
}

/** One artifact subscription task (ListArtifactSubscriptionTask). */
export interface SubscriptionTask {
  taskId: string;
  instanceId: string;
  /** Open set (RUNNING, SUCCESS, ...); "" when the API omits it. */
  taskStatus: string;
  /** Open set (SUCCESS, FAILED, ...); "" when the API omits it. */
  taskResult: string;
  /** Open set (AUTO, MANUAL, ...); "" when the API omits it. */
  taskType: string;
  /** Epoch milliseconds; undefined when absent, empty or unparseable (see `issues`). */
  startTimeMs: number | undefined;
  /** Epoch milliseconds; undefined when absent, empty, 0 (still running) or unparseable. */
  endTimeMs: number | undefined;
  artifactType: string;
  sourceProvider: string;
  sourceRepoType: string;
  sourceNamespaceName: string;
  sourceRepoName: string;
  namespaceName: string;
  repoName: string;
  /** undefined when absent or not a non-negative integer. */
  tagTotalCount: number | undefined;
  tagSubscriptionCount: number | undefined;
  message: string;
}

/** Why a task from the API was skipped or partly ignored; the label value of acr_exporter_invalid_tasks_total. */
export type InvalidTaskReason =
  | 'missing_task_id'
  | 'invalid_start_time'
  | 'invalid_end_time'
  | 'invalid_tag_count'
  | 'negative_duration';

/** One page of ListArtifactSubscriptionTask, parsed. */
export interface SubscriptionTaskPage {
  pageNo: number;
  tasks: SubscriptionTask[];
  /** One entry per problem found on this page (a task may have several; a rejected task has missing_task_id). */
  invalid: InvalidTaskReason[];
}

/** An artifact subscription rule (ListArtifactSubscriptionRule). */
export interface SubscriptionRule {
  ruleId: string;
  instanceId: string;
  namespaceName: string;
  repoName: string;
  /** DOCKER_HUB | GCR | QUAY (open set). */
  sourceProvider: string;
  sourceNamespaceName: string;
  sourceRepoName: string;
  tagRegexp: string;
  tagCount: number | undefined;
  platform: string[];
  override: boolean;
  accelerate: boolean;
  createTimeMs: number | undefined;
  modifiedTimeMs: number | undefined;
}

/** Per-tag result of one task (GetArtifactSubscriptionTaskResult). */
export interface SubscriptionTaskTagResult {
  tag: string;
  status: string;
  result: string;
  startTimeMs: number | undefined;
  endTimeMs: number | undefined;
  namespaceName: string;
  repoName: string;
}

/** Where a call goes: the region, and the instance for instance-scoped actions. */
export interface CallTarget {
  region: string;
  instanceId?: string;
}
