/**
 * Every metric the exporter emits: name, help text and label names, in one place.
 * These names are the public contract of the exporter: dashboards (grafana/), alert rules
 * (alerts/) and users' queries depend on them, and test/docs checks the README's table against
 * this file. Label name tuples are `as const` so prom-client's typed labels catch typos.
 */

export const TARGET_LABELS = ['region', 'instance_id'] as const;
export const REPOSITORY_LABELS = [...TARGET_LABELS, 'namespace', 'repository'] as const;

/** Label value used when the API sends no (or an empty) status, result or type. */
export const NONE_LABEL_VALUE = 'NONE';

/** Task duration histogram buckets: 10 s to 6 h. */
export const TASK_DURATION_BUCKETS_SECONDS = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 21600];

/** API request duration histogram buckets. */
export const API_DURATION_BUCKETS_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const METRICS = {
  // Subscription tasks, from ListArtifactSubscriptionTask.
  tasks: {
    name: 'acr_subscription_tasks',
    help: 'Subscription tasks the API lists now, by TaskStatus and TaskResult.',
    labelNames: [...TARGET_LABELS, 'status', 'result'] as const,
  },
  tasksCompleted: {
    name: 'acr_subscription_tasks_completed_total',
    help: 'Subscription tasks that finished since the exporter first listed the instance, each counted once.',
    labelNames: [...TARGET_LABELS, 'result'] as const,
  },
  taskDuration: {
    name: 'acr_subscription_task_duration_seconds',
    help: 'Duration (EndTime - StartTime) of subscription tasks that finished since the exporter first listed the instance.',
    labelNames: [...TARGET_LABELS, 'result'] as const,
  },
  runningOldestStart: {
    name: 'acr_subscription_running_tasks_oldest_start_timestamp_seconds',
    help: 'StartTime of the oldest in-progress subscription task, as a Unix timestamp.',
    labelNames: TARGET_LABELS,
  },
  repositoryTags: {
    name: 'acr_subscription_repository_tags',
    help: "TagTotalCount of the repository's newest finished subscription task.",
    labelNames: REPOSITORY_LABELS,
  },
  repositorySubscribedTags: {
    name: 'acr_subscription_repository_subscribed_tags',
    help: "TagSubscriptionCount of the repository's newest finished subscription task.",
    labelNames: REPOSITORY_LABELS,
  },
  repositoryTagSubscriptionRatio: {
    name: 'acr_subscription_repository_tag_subscription_ratio',
    help: "Subscribed tags / total tags of the repository's newest finished subscription task (absent when total is 0).",
    labelNames: REPOSITORY_LABELS,
  },
  repositoryLastTaskStart: {
    name: 'acr_subscription_repository_last_task_start_timestamp_seconds',
    help: "StartTime of the repository's newest subscription task, as a Unix timestamp.",
    labelNames: REPOSITORY_LABELS,
  },
  repositoryLastTaskDuration: {
    name: 'acr_subscription_repository_last_task_duration_seconds',
    help: "Duration of the repository's newest finished subscription task.",
    labelNames: REPOSITORY_LABELS,
  },
  repositoryLastSuccess: {
    name: 'acr_subscription_repository_last_success_timestamp_seconds',
    help: "EndTime of the repository's newest subscription task whose result is SUCCESS, as a Unix timestamp.",
    labelNames: REPOSITORY_LABELS,
  },
  repositoryLastTaskInfo: {
    name: 'acr_subscription_repository_last_task_info',
    help: "Attributes of the repository's newest subscription task; the value is always 1.",
    labelNames: [
      ...REPOSITORY_LABELS,
      'source_provider',
      'source_namespace',
      'source_repository',
      'task_type',
      'status',
      'result',
    ] as const,
  },
  repositoryLastTaskTags: {
    name: 'acr_subscription_repository_last_task_tags',
    help: "Tags of the repository's newest finished subscription task by per-tag Result (GetArtifactSubscriptionTaskResult), when that task did not succeed.",
    labelNames: [...REPOSITORY_LABELS, 'result'] as const,
  },
  instanceInfo: {
    name: 'acr_instance_info',
    help: 'A discovered ACR Enterprise Edition instance; the value is always 1.',
    labelNames: [...TARGET_LABELS, 'instance_name', 'instance_specification', 'instance_status'] as const,
  },

  // Subscription rules, from ListArtifactSubscriptionRule (refreshed every collection.rulesInterval).
  rules: {
    name: 'acr_subscription_rules',
    help: 'Artifact subscription rules of the instance, from its last successful rules listing.',
    labelNames: TARGET_LABELS,
  },
  ruleInfo: {
    name: 'acr_subscription_rule_info',
    help: 'An artifact subscription rule and its settings; the value is always 1.',
    labelNames: [
      ...TARGET_LABELS,
      'rule_id',
      'namespace',
      'repository',
      'source_provider',
      'source_namespace',
      'source_repository',
      'tag_regexp',
      'tag_count',
      'platforms',
      'override',
      'accelerate',
    ] as const,
  },
  ruleCreated: {
    name: 'acr_subscription_rule_created_timestamp_seconds',
    help: 'CreateTime of the subscription rule, as a Unix timestamp.',
    labelNames: [...TARGET_LABELS, 'rule_id'] as const,
  },
  ruleLastTaskStart: {
    name: 'acr_subscription_rule_last_task_start_timestamp_seconds',
    help: "StartTime of the newest subscription task of the rule's target repository, as a Unix timestamp.",
    labelNames: [...TARGET_LABELS, 'rule_id'] as const,
  },

  // The exporter's own health.
  collectSuccess: {
    name: 'acr_exporter_collect_success',
    help: "1 if the instance's last collection succeeded, else 0.",
    labelNames: TARGET_LABELS,
  },
  collectDuration: {
    name: 'acr_exporter_collect_duration_seconds',
    help: "Wall time of the instance's last collection.",
    labelNames: TARGET_LABELS,
  },
  lastCollectSuccess: {
    name: 'acr_exporter_last_collect_success_timestamp_seconds',
    help: "When the instance's last successful collection finished, as a Unix timestamp.",
    labelNames: TARGET_LABELS,
  },
  invalidTasks: {
    name: 'acr_exporter_invalid_tasks',
    help: 'Tasks of the current listing skipped or partly ignored (no TaskId, unparseable time, bad tag count, negative duration).',
    labelNames: [...TARGET_LABELS, 'reason'] as const,
  },
  taskResultsPending: {
    name: 'acr_exporter_task_results_pending',
    help: 'Repositories whose newest finished task did not succeed and whose per-tag results are not fetched yet (waiting for collection.taskResultBudget, or retrying a failed call).',
    labelNames: TARGET_LABELS,
  },
  incompleteListings: {
    name: 'acr_exporter_incomplete_listings_total',
    help: 'Task listings that ended short of the TotalCount the API announced (max_pages: stopped at collection.maxPages; empty_page: an empty page came first); the data listed is still served.',
    labelNames: [...TARGET_LABELS, 'reason'] as const,
  },
  rulesRefreshSuccess: {
    name: 'acr_exporter_rules_refresh_success',
    help: "1 if the instance's last subscription rules listing succeeded, else 0.",
    labelNames: TARGET_LABELS,
  },
  rulesLastRefreshSuccess: {
    name: 'acr_exporter_rules_last_refresh_success_timestamp_seconds',
    help: "When the instance's last successful subscription rules listing finished, as a Unix timestamp.",
    labelNames: TARGET_LABELS,
  },
  taskListings: {
    name: 'acr_exporter_task_listings_total',
    help: 'Task listings completed, by mode (incremental: the head and the pages of tasks in progress; full: every page) and why a full one was needed (first, resync, order_unverified, known_tasks_max, configured, mismatch:<what>; none when incremental).',
    labelNames: [...TARGET_LABELS, 'mode', 'reason'] as const,
  },
  buildInfo: {
    name: 'acr_exporter_build_info',
    help: 'Version of the exporter and of Node.js; the value is always 1.',
    labelNames: ['version', 'nodejs_version'] as const,
  },
  apiRequests: {
    name: 'acr_exporter_api_requests_total',
    help: 'Container Registry API attempts (each retry counts), by action and outcome code.',
    labelNames: ['action', 'code'] as const,
  },
  apiRequestsPerSecondLimit: {
    name: 'acr_exporter_api_requests_per_second_limit',
    help: 'API requests per second the exporter allows itself now: api.requestsPerSecond, lowered after Throttling answers when api.adaptive is on.',
    labelNames: [] as const,
  },
  apiRequestDuration: {
    name: 'acr_exporter_api_request_duration_seconds',
    help: 'Duration of Container Registry API attempts.',
    labelNames: ['action'] as const,
  },
  shardInfo: {
    name: 'acr_exporter_shard_info',
    help: 'The shard this exporter is and the total number of shards; the value is always 1.',
    labelNames: ['shard', 'total_shards'] as const,
  },
  ownedInstances: {
    name: 'acr_exporter_owned_instances',
    help: 'Instances this exporter (shard) collects.',
    labelNames: [] as const,
  },
  configLastReloadSuccessful: {
    name: 'acr_exporter_config_last_reload_successful',
    help: 'Whether the last configuration reload (SIGHUP) succeeded; 1 at start.',
    labelNames: [] as const,
  },
  configLastReloadSuccessTimestamp: {
    name: 'acr_exporter_config_last_reload_success_timestamp_seconds',
    help: 'When the running configuration was loaded (at start or by the last successful reload), as a Unix timestamp.',
    labelNames: [] as const,
  },
} as const;

export type MetricKey = keyof typeof METRICS;
export type LabelNames<K extends MetricKey> = (typeof METRICS)[K]['labelNames'][number];
