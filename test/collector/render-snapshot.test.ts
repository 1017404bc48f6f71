import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';
import type { InstanceTaskSummary } from '../../src/collector/instance-summary.js';
import { buildSnapshotRegistry } from '../../src/collector/render-snapshot.js';
import type { Snapshot, InstanceSnapshot } from '../../src/collector/snapshot.js';
import { METRICS } from '../../src/metric-names.js';
import { describeWithBinaries } from '../support/prometheus-binaries.js';

const renderSnapshot = (snapshot: Snapshot) => buildSnapshotRegistry(snapshot).metrics();

/** 2024-01-01T00:00:00Z */
const T0_MS = 1_704_067_200_000;

const TASKS_A: InstanceTaskSummary = {
  tasksByStatusResult: [
    { status: 'FAILED', result: 'FAILED', count: 1 },
    { status: 'RUNNING', result: 'NONE', count: 2 },
    { status: 'SUCCESS', result: 'SUCCESS', count: 3 },
  ],
  oldestInProgressStartTimeMs: T0_MS + 1500,
  repositories: [
    {
      namespace: 'mirror',
      repository: 'nginx',
      lastTask: {
        startTimeMs: T0_MS,
        sourceProvider: 'DOCKER_HUB',
        sourceNamespace: 'library',
        sourceRepository: 'nginx',
        taskType: 'AUTO',
        status: 'SUCCESS',
        result: 'SUCCESS',
      },
      lastFinished: { tagTotalCount: 8, tagSubscriptionCount: 2, durationSeconds: 90, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' },
      lastSuccessEndTimeMs: T0_MS + 90_000,
    },
    {
      namespace: 'mirror',
      repository: 'pause',
      lastTask: {
        startTimeMs: T0_MS + 3_600_000,
        sourceProvider: 'GCR',
        sourceNamespace: 'google-containers',
        sourceRepository: 'pause',
        taskType: 'MANUAL',
        status: 'RUNNING',
        result: 'NONE',
      },
      // The newest task runs; the one before it matched no tag and ended before it started.
      lastFinished: { tagTotalCount: 0, tagSubscriptionCount: 0, durationSeconds: undefined, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' },
      lastSuccessEndTimeMs: undefined,
    },
  ],
  tasksListed: 6,
  finishedResults: ['FAILED', 'SUCCESS'],
  invalidTasks: [{ reason: 'negative_duration', count: 1 }],
};

const INSTANCE_A: InstanceSnapshot = {
  region: 'cn-hangzhou',
  instanceId: 'cri-a',
  info: { instanceName: 'prod', instanceSpecification: 'Enterprise_Basic', instanceStatus: 'RUNNING' },
  collectSuccess: true,
  collectDurationSeconds: 0.25,
  lastSuccessTimeMs: T0_MS + 7_200_000,
  tasks: TASKS_A,
  error: undefined,
};

const INSTANCE_B: InstanceSnapshot = {
  region: 'cn-beijing',
  instanceId: 'cri-b',
  info: undefined,
  collectSuccess: false,
  collectDurationSeconds: 1.5,
  lastSuccessTimeMs: undefined,
  tasks: undefined,
  error: { code: 'NoPrivilege', message: 'not allowed' },
};

const SNAPSHOT: Snapshot = { takenAtMs: T0_MS + 7_200_000, instances: [INSTANCE_A, INSTANCE_B], shard: { index: 0, total: 1 } };

/** The exposition's sample lines (no # HELP / # TYPE). */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('buildSnapshotRegistry', () => {
  it('renders every per-snapshot gauge of a small snapshot, exactly', async () => {
    const text = await buildSnapshotRegistry(SNAPSHOT).metrics();

    expect(samples(text)).toEqual([
      'acr_subscription_tasks{region="cn-hangzhou",instance_id="cri-a",status="FAILED",result="FAILED"} 1',
      'acr_subscription_tasks{region="cn-hangzhou",instance_id="cri-a",status="RUNNING",result="NONE"} 2',
      'acr_subscription_tasks{region="cn-hangzhou",instance_id="cri-a",status="SUCCESS",result="SUCCESS"} 3',
      'acr_subscription_running_tasks_oldest_start_timestamp_seconds{region="cn-hangzhou",instance_id="cri-a"} 1704067201.5',
      'acr_subscription_repository_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 8',
      'acr_subscription_repository_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="pause"} 0',
      'acr_subscription_repository_subscribed_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 2',
      'acr_subscription_repository_subscribed_tags{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="pause"} 0',
      'acr_subscription_repository_tag_subscription_ratio{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 0.25',
      'acr_subscription_repository_last_task_start_timestamp_seconds{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 1704067200',
      'acr_subscription_repository_last_task_start_timestamp_seconds{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="pause"} 1704070800',
      'acr_subscription_repository_last_task_duration_seconds{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 90',
      'acr_subscription_repository_last_success_timestamp_seconds{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx"} 1704067290',
      'acr_subscription_repository_last_task_info{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="nginx",source_provider="DOCKER_HUB",source_namespace="library",source_repository="nginx",task_type="AUTO",status="SUCCESS",result="SUCCESS"} 1',
      'acr_subscription_repository_last_task_info{region="cn-hangzhou",instance_id="cri-a",namespace="mirror",repository="pause",source_provider="GCR",source_namespace="google-containers",source_repository="pause",task_type="MANUAL",status="RUNNING",result="NONE"} 1',
      'acr_instance_info{region="cn-hangzhou",instance_id="cri-a",instance_name="prod",instance_specification="Enterprise_Basic",instance_status="RUNNING"} 1',
      'acr_exporter_invalid_tasks{region="cn-hangzhou",instance_id="cri-a",reason="negative_duration"} 1',
      'acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-a"} 1',
      'acr_exporter_collect_success{region="cn-beijing",instance_id="cri-b"} 0',
      'acr_exporter_collect_duration_seconds{region="cn-hangzhou",instance_id="cri-a"} 0.25',
      'acr_exporter_collect_duration_seconds{region="cn-beijing",instance_id="cri-b"} 1.5',
      'acr_exporter_last_collect_success_timestamp_seconds{region="cn-hangzhou",instance_id="cri-a"} 1704074400',
      'acr_exporter_shard_info{shard="0",total_shards="1"} 1',
      'acr_exporter_owned_instances 2',
    ]);
  });

  it('gives every metric its help text and type', async () => {
    const text = await buildSnapshotRegistry(SNAPSHOT).metrics();
    expect(text).toContain(`# HELP acr_subscription_tasks ${METRICS.tasks.help}\n# TYPE acr_subscription_tasks gauge\n`);
    expect(text).toContain('# TYPE acr_exporter_owned_instances gauge\n');
  });

  it('leaves out the outcome gauges of a repository whose tasks have not finished, keeping its last task', async () => {
    const [nginx, pause] = TASKS_A.repositories;
    const running: Snapshot = { ...SNAPSHOT, instances: [{ ...INSTANCE_A, tasks: { ...TASKS_A, repositories: [nginx!, { ...pause!, lastFinished: undefined }] } }] };

    const pauseLines = samples(await renderSnapshot(running)).filter((line) => line.includes('repository="pause"'));

    expect(pauseLines.map((line) => line.slice(0, line.indexOf('{')))).toEqual([
      'acr_subscription_repository_last_task_start_timestamp_seconds',
      'acr_subscription_repository_last_task_info',
    ]);
  });

  it('leaves out the ratio when the total is unknown, and tags it does not know', async () => {
    const repository = TASKS_A.repositories[0]!;
    const unknownTotal: Snapshot = {
      ...SNAPSHOT,
      instances: [
        {
          ...INSTANCE_A,
          tasks: { ...TASKS_A, repositories: [{ ...repository, lastFinished: { ...repository.lastFinished!, tagTotalCount: undefined } }] },
        },
      ],
    };

    const lines = samples(await renderSnapshot(unknownTotal));

    expect(lines.filter((line) => line.startsWith('acr_subscription_repository_tag_subscription_ratio'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('acr_subscription_repository_tags{'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('acr_subscription_repository_subscribed_tags{'))).toHaveLength(1);
  });

  it('uses NONE for empty instance info values', async () => {
    const withBlankInfo: Snapshot = {
      ...SNAPSHOT,
      instances: [{ ...INSTANCE_B, info: { instanceName: '', instanceSpecification: '', instanceStatus: 'STOPPED' } }],
    };

    expect(samples(await renderSnapshot(withBlankInfo))).toContain(
      'acr_instance_info{region="cn-beijing",instance_id="cri-b",instance_name="NONE",instance_specification="NONE",instance_status="STOPPED"} 1',
    );
  });

  it('has no series of a repository or an instance missing from the next snapshot', async () => {
    const before = await renderSnapshot(SNAPSHOT);
    const next: Snapshot = {
      ...SNAPSHOT,
      instances: [{ ...INSTANCE_A, tasks: { ...TASKS_A, repositories: TASKS_A.repositories.slice(0, 1) } }],
      shard: { index: 1, total: 3 },
    };

    const after = await renderSnapshot(next);

    expect(before).toContain('repository="pause"');
    expect(before).toContain('cri-b');
    expect(after).not.toContain('repository="pause"');
    expect(after).not.toContain('cri-b');
    expect(samples(after)).toContain('acr_exporter_shard_info{shard="1",total_shards="3"} 1');
    expect(samples(after)).toContain('acr_exporter_owned_instances 1');
  });

  it('renders an empty snapshot as the shard and zero owned instances', async () => {
    const empty: Snapshot = { takenAtMs: T0_MS, instances: [], shard: { index: 0, total: 1 } };
    expect(samples(await renderSnapshot(empty))).toEqual(['acr_exporter_shard_info{shard="0",total_shards="1"} 1', 'acr_exporter_owned_instances 0']);
  });

  it('merges with the exporter registry: no metric name is defined twice', async () => {
    const exporterRegistry = new Registry();
    const metrics = new ExporterMetrics(exporterRegistry, { version: '0.1.0', nodejsVersion: '20.0.0' });
    metrics.sinkFor('cn-hangzhou', 'cri-a').taskCompleted('SUCCESS', 90);

    const merged = Registry.merge([exporterRegistry, buildSnapshotRegistry(SNAPSHOT)]);
    const text = await merged.metrics();

    expect(text).toContain('acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1\n');
    expect(text).toContain('acr_exporter_owned_instances 2\n');
  });

  describeWithBinaries(['promtool'], 'promtool', (paths) => {
    it('passes `promtool check metrics` together with the exporter metrics', async () => {
      const exporterRegistry = new Registry();
      const metrics = new ExporterMetrics(exporterRegistry, { version: '0.1.0' });
      const sink = metrics.sinkFor('cn-hangzhou', 'cri-a');
      sink.taskCompleted('SUCCESS', 90);
      sink.resultsListed(['SUCCESS', 'FAILED']);
      const text = (await exporterRegistry.metrics()) + (await renderSnapshot(SNAPSHOT));

      // Exits non-zero and prints the problems when it finds any.
      const output = execFileSync(paths.promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      expect(output).toBe('');
    });
  });
});
