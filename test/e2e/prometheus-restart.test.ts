/**
 * Counters across an exporter restart, on a real Prometheus: the simulator finishes tasks on a known
 * schedule, the built exporter is restarted half way on the same address, and
 * increase(acr_subscription_tasks_completed_total[...]) over a window across the restart must equal
 * the tasks that really finished in it: no ghost spike of the tasks the API still lists, and no alert
 * that the restart alone explains.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, staticTaskSource, type RunningSimulator, type SimDataset, type TaskSource } from '../../src/simulator/index.js';
import { RULES_PATH } from '../alerts/alert-rules.js';
import { startCli, type CliRun } from '../support/cli-process.js';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { freePort, pollUntil } from './prometheus-child-process.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

const JOB = 'acr-subscription-exporter';
const CREDENTIAL = { accessKeyId: 'LTAIrestarttestkey', accessKeySecret: 'restart-test-secret' };
const REGION = 'cn-hangzhou';
const INSTANCE_ID = 'cri-restart';
const WAIT_MS = 60_000;
/** Wide enough to hold the whole test run. */
const WINDOW = '15m';
/** Alerts that real task failures explain (the schedule below fails two tasks). */
const ALERTS_REAL_FAILURES_EXPLAIN = new Set(['AcrSubscriptionTasksFailing', 'AcrSubscriptionRepositoryLastTaskFailed']);

/** Task start times: minutes after an hour ago, so that every repository has a recent success (or failure). */
const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

function task(taskId: string, repository: string, minute: number, state: 'RUNNING' | 'SUCCESS' | 'FAILED'): Record<string, unknown> {
  const startTimeMs = BASE_MS + minute * 60_000;
  return {
    TaskId: taskId,
    InstanceId: INSTANCE_ID,
    TaskStatus: state === 'RUNNING' ? 'RUNNING' : 'COMPLETED',
    TaskResult: state === 'RUNNING' ? '' : state,
    TaskType: 'AUTO',
    StartTime: startTimeMs,
    EndTime: state === 'RUNNING' ? 0 : startTimeMs + 30_000,
    ArtifactType: 'IMAGE',
    SourceProvider: 'DOCKER_HUB',
    SourceRepoType: 'PUBLIC',
    SourceNamespaceName: 'library',
    SourceRepoName: repository,
    NamespaceName: 'mirror',
    RepoName: repository,
    TagTotalCount: 4,
    TagSubscriptionCount: 4,
    Message: '',
  };
}

function finish(source: TaskSource, taskId: string, result: 'SUCCESS' | 'FAILED'): void {
  const found = source.findTask!(0, taskId)!;
  Object.assign(found, { TaskStatus: 'COMPLETED', TaskResult: result, EndTime: Number(found['StartTime']) + 45_000 });
}

describeWithBinaries(['prometheus'], 'completion counters across an exporter restart, on a real Prometheus', ({ prometheus: prometheusBinary }) => {
  // History the first listing sees (4 finished tasks, 2 running), all of it the baseline.
  const tasks = staticTaskSource([
    task('h1', 'nginx', 1, 'SUCCESS'),
    task('h2', 'redis', 2, 'SUCCESS'),
    task('h3', 'alpine', 3, 'SUCCESS'),
    task('h4', 'busybox', 4, 'FAILED'),
    task('r1', 'node', 10, 'RUNNING'),
    task('r2', 'python', 11, 'RUNNING'),
  ]);
  const dataset: SimDataset = {
    regions: [
      {
        id: REGION,
        instances: [
          {
            instance: { InstanceId: INSTANCE_ID, InstanceName: 'restart', InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION },
            rules: [],
            tasks,
          },
        ],
      },
    ],
  };
  let simulator: RunningSimulator;
  let prometheus: PrometheusServer | undefined;
  let exporter: CliRun | undefined;
  let workDir: string;
  let configFile: string;

  const startExporter = () =>
    startCli(['--config', configFile], { ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIAL.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIAL.accessKeySecret });

  /** The newest scraped value of the completion counter per result, once it is what the test expects. */
  async function scraped(expected: Record<string, number>): Promise<void> {
    await pollUntil(
      `acr_subscription_tasks_completed_total to be scraped as ${JSON.stringify(expected)}`,
      async () => {
        const samples = await prometheus!.vector(`acr_subscription_tasks_completed_total{instance_id="${INSTANCE_ID}"}`);
        const values = Object.fromEntries(samples.map((sample) => [sample.metric['result'], Number(sample.value[1])]));
        return JSON.stringify(values) === JSON.stringify({ ...values, ...expected }) && Object.keys(values).length === Object.keys(expected).length ? true : undefined;
      },
      WAIT_MS,
    );
  }

  /** Waits for `count` more scrapes of the exporter (one a second). */
  async function moreScrapes(count: number): Promise<void> {
    const countNow = async () => Number((await prometheus!.vector(`count_over_time(up{job="${JOB}"}[${WINDOW}])`))[0]?.value[1] ?? 0);
    const target = (await countNow()) + count;
    await pollUntil(`${count} more scrapes`, async () => ((await countNow()) >= target ? true : undefined), WAIT_MS);
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'acr-restart-'));
    simulator = await startSimulator({ dataset, credentials: [CREDENTIAL] });
    // A fixed port, so that the restarted exporter is the same Prometheus target.
    const port = await freePort();
    configFile = join(workDir, 'config.yml');
    writeFileSync(
      configFile,
      [
        'regions:',
        `  - id: ${REGION}`,
        `    endpoint: ${simulator.endpoint(REGION)}`,
        '    protocol: http',
        `    instances: [${INSTANCE_ID}]`,
        'collection:',
        '  mode: scrape',
        '  cacheTtl: 0s',
        'web:',
        `  listenAddress: 127.0.0.1:${port}`,
        '',
      ].join('\n'),
    );
    exporter = await startExporter();
    prometheus = await startPrometheus({ binary: prometheusBinary, jobName: JOB, targets: [`127.0.0.1:${port}`], ruleFiles: [RULES_PATH] });
  }, 120_000);

  afterAll(async () => {
    await exporter?.stop();
    await prometheus?.stop();
    await simulator?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('counts only the tasks that finished, once, through a restart, and fires nothing the restart alone explains', async () => {
    // The baseline: the history is not counted; SUCCESS and FAILED exist at 0.
    await scraped({ SUCCESS: 0, FAILED: 0 });
    await moreScrapes(2);

    // Before the restart: r1 succeeds, n1 appears finished (SUCCESS), n2 appears failed.
    finish(tasks, 'r1', 'SUCCESS');
    tasks.insertAtHead(task('n1', 'golang', 20, 'SUCCESS'));
    tasks.insertAtHead(task('n2', 'ruby', 21, 'FAILED'));
    await scraped({ SUCCESS: 2, FAILED: 1 });
    await moreScrapes(2);

    // The restart: a new process, a new baseline, the counters start again at 0.
    await exporter!.stop();
    exporter = await startExporter();
    await scraped({ SUCCESS: 0, FAILED: 0 });
    await moreScrapes(2);

    // After the restart: r2 (running at the first baseline and at the second) fails, n3 appears finished.
    finish(tasks, 'r2', 'FAILED');
    tasks.insertAtHead(task('n3', 'rust', 22, 'SUCCESS'));
    await scraped({ SUCCESS: 1, FAILED: 1 });
    await moreScrapes(2);

    // At the time of the newest sample, so that increase() extrapolates nothing past the data.
    const [newest] = await prometheus!.vector(`timestamp(acr_subscription_tasks_completed_total{instance_id="${INSTANCE_ID}",result="SUCCESS"})`);
    const at = Number(newest!.value[1]);
    const increases = async (metric: string) =>
      Object.fromEntries(
        (await prometheus!.vector(`sum by (result) (increase(${metric}{instance_id="${INSTANCE_ID}"}[${WINDOW}]))`, at)).map((sample) => [
          sample.metric['result'],
          Math.round(Number(sample.value[1]) * 1000) / 1000,
        ]),
      );
    // Really finished in the window: r1, n1, n3 succeeded; n2, r2 failed. (Counting what the API lists
    // again after the restart would have added h1-h4, r1, n1 and n2.)
    expect(await increases('acr_subscription_tasks_completed_total')).toEqual({ SUCCESS: 3, FAILED: 2 });
    expect(await increases('acr_subscription_task_duration_seconds_count')).toEqual({ SUCCESS: 3, FAILED: 2 });

    // No alert fires that the restart explains: whatever fires is explained by the two real failures.
    const { alerts } = await prometheus!.api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts');
    const firing = alerts.filter((alert) => alert.state === 'firing').map((alert) => alert.labels['alertname']!);
    expect(firing.filter((name) => !ALERTS_REAL_FAILURES_EXPLAIN.has(name))).toEqual([]);
    const failing = await prometheus!.vector(`sum(increase(acr_subscription_tasks_completed_total{instance_id="${INSTANCE_ID}",result!="SUCCESS"}[${WINDOW}]))`, at);
    expect(Math.round(Number(failing[0]?.value[1]) * 1000) / 1000).toBe(2);
  }, 240_000);
});
