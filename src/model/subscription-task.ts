/**
 * The domain model of a subscription task, shared by the API layer (which validates raw JSON into
 * it), the collector and discovery. No field is raw JSON; the transport's types stay in src/api.
 */

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
