/**
 * The tags of failed tasks end to end: a running exporter (real HTTP on 127.0.0.1, real openapi-core
 * signing) against the simulator. GetArtifactSubscriptionTaskResult is asked once per failed newest
 * finished task, every page, and never again (the simulator's request log); /metrics counts the tags
 * by result; the landing page shows the failed tag names and the message, escaped; a denied call
 * keeps the task data and leaves the repository pending.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';
import { staticTaskSource, startSimulator, type RunningSimulator, type SimDataset } from '../../src/simulator/index.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { silentLogger } from '../support/silent-logger.js';
import { accessKeyCredential, simulatorConfig } from '../support/simulator-config.js';

const REGION = 'cn-hangzhou';
const CREDENTIAL = { accessKeyId: 'LTAIfailedtagstestkey', accessKeySecret: 'failed-tags-test-secret' };
const NOW_MS = Date.UTC(2023, 10, 15, 12, 0, 0);
/** Longer than the default collection.cacheTtl (30s), so that the next scrape collects again. */
const PAST_CACHE_TTL_MS = 31_000;
const ACTION = 'GetArtifactSubscriptionTaskResult';
const HOSTILE_TAG = '<img src=x onerror=alert(1)>';

function task(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    ArtifactType: 'IMAGE', SourceProvider: 'DOCKER_HUB', SourceRepoType: 'PUBLIC', SourceNamespaceName: 'library', TaskType: 'AUTO',
    TaskStatus: 'COMPLETED', NamespaceName: 'mirror', TagTotalCount: 3, Message: '', ...fields,
  };
}

function tagResult(tag: string, result: string): Record<string, unknown> {
  return { Tag: tag, Status: 'COMPLETED', Result: result, StartTime: 1700000000000, EndTime: 1700000001000, NamespaceName: 'mirror', RepoName: 'nginx' };
}

function instance(instanceId: string) {
  return { InstanceId: instanceId, InstanceName: instanceId, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION };
}

function dataset(): SimDataset {
  return {
    regions: [
      {
        id: REGION,
        instances: [
          {
            instance: instance('cri-a'),
            rules: [],
            tasks: staticTaskSource([
              task({ TaskId: 'nginx-2', InstanceId: 'cri-a', RepoName: 'nginx', SourceRepoName: 'nginx', TaskResult: 'FAILED', StartTime: 1700003600000, EndTime: 1700003900000, TagSubscriptionCount: 1, Message: 'pull <b>failed</b>: toomanyrequests' }),
              task({ TaskId: 'nginx-1', InstanceId: 'cri-a', RepoName: 'nginx', SourceRepoName: 'nginx', TaskResult: 'SUCCESS', StartTime: 1700000000000, EndTime: 1700000060000, TagSubscriptionCount: 3 }),
              task({ TaskId: 'redis-1', InstanceId: 'cri-a', RepoName: 'redis', SourceRepoName: 'redis', TaskResult: 'SUCCESS', StartTime: 1700000000000, EndTime: 1700000030000, TagSubscriptionCount: 3 }),
            ]),
            // Three tags on two pages (collection.pageSize 2).
            tagResults: { 'nginx-2': [tagResult('1.25', 'SUCCESS'), tagResult(HOSTILE_TAG, 'FAILED'), tagResult('1.23&x', 'FAILED')] },
          },
          {
            instance: instance('cri-denied'),
            rules: [],
            tasks: staticTaskSource([
              task({ TaskId: 'etcd-1', InstanceId: 'cri-denied', RepoName: 'etcd', SourceRepoName: 'etcd', TaskResult: 'FAILED', StartTime: 1700000000000, EndTime: 1700000060000, TagSubscriptionCount: 1 }),
            ]),
          },
        ],
      },
    ],
  };
}

const data = dataset();
const clock = new ManualClock(NOW_MS);
let simulator: RunningSimulator;
let exporter: RunningExporter;

beforeAll(async () => {
  simulator = await startSimulator({ dataset: data, credentials: [CREDENTIAL] });
  // The RAM policy of this instance lacks cr:GetArtifactSubscriptionTaskResult.
  simulator.faults.add({ kind: 'forbidden', action: ACTION, instanceId: 'cri-denied' });
  exporter = await startExporter(simulatorConfig(simulator, ['--collection.page-size', '2']), { logger: silentLogger, clock, credential: accessKeyCredential(CREDENTIAL) });
});

afterAll(async () => {
  await exporter.close();
  await simulator.close();
});

async function scrape() {
  return parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
}

const tags = (samples: ReturnType<typeof parseExposition>, repository: string, result: string) =>
  sampleValue(samples, 'acr_subscription_repository_last_task_tags', { region: REGION, instance_id: 'cri-a', namespace: 'mirror', repository, result });

describe('tags of failed tasks, through a running exporter and the simulator', () => {
  it('asks once per failed task, every page, exposes the tag counts, and asks nothing more in the next collection', async () => {
    const first = await scrape();

    expect(tags(first, 'nginx', 'FAILED')).toBe(2);
    expect(tags(first, 'nginx', 'SUCCESS')).toBe(1);
    expect(first.filter((sample) => sample.name === 'acr_subscription_repository_last_task_tags' && sample.labels['repository'] !== 'nginx')).toEqual([]);
    // Two pages for cri-a's one failed task; none for redis, whose newest finished task succeeded.
    expect(simulator.requests.count({ action: ACTION, instanceId: 'cri-a', code: 'success' })).toBe(2);
    // The denied call leaves the task data alone and the repository pending.
    expect(simulator.requests.count({ action: ACTION, instanceId: 'cri-denied', code: 'NoPrivilege' })).toBe(1);
    expect(sampleValue(first, 'acr_exporter_collect_success', { region: REGION, instance_id: 'cri-denied' })).toBe(1);
    expect(sampleValue(first, 'acr_exporter_task_results_pending', { region: REGION, instance_id: 'cri-denied' })).toBe(1);
    expect(sampleValue(first, 'acr_exporter_task_results_pending', { region: REGION, instance_id: 'cri-a' })).toBe(0);
    expect(sampleValue(first, 'acr_exporter_api_requests_total', { action: ACTION, code: 'NoPrivilege' })).toBe(1);

    await clock.advance(PAST_CACHE_TTL_MS);
    const listingsBefore = simulator.requests.count({ action: 'ListArtifactSubscriptionTask', instanceId: 'cri-a' });
    const second = await scrape();

    expect(simulator.requests.count({ action: 'ListArtifactSubscriptionTask', instanceId: 'cri-a' })).toBeGreaterThan(listingsBefore);
    expect(simulator.requests.count({ action: ACTION })).toBe(3); // no new call: cached, and the denied one backs off
    expect(tags(second, 'nginx', 'FAILED')).toBe(2);
  });

  it('shows the failed tag names and the message on the landing page, escaped', async () => {
    const html = await (await fetch(`${exporter.url}/`)).text();
    const section = html.slice(html.indexOf('<h2>Failed tags</h2>'));

    expect(section).toContain('&lt;img src=x onerror=alert(1)&gt;, 1.23&amp;x');
    expect(section).toContain('pull &lt;b&gt;failed&lt;/b&gt;: toomanyrequests');
    expect(section).toContain('mirror/etcd');
    expect(section).toContain('not fetched yet');
    expect(html).not.toContain(HOSTILE_TAG);
    expect(html).not.toContain('<b>failed</b>');
  });

  it('drops the series, without a call, once a newer task of the repository succeeded', async () => {
    data.regions[0]!.instances[0]!.tasks.insertAtHead(
      task({ TaskId: 'nginx-3', InstanceId: 'cri-a', RepoName: 'nginx', SourceRepoName: 'nginx', TaskResult: 'SUCCESS', StartTime: 1700007200000, EndTime: 1700007260000, TagSubscriptionCount: 3 }),
    );
    await clock.advance(PAST_CACHE_TTL_MS);

    const after = await scrape();

    expect(tags(after, 'nginx', 'FAILED')).toBeUndefined();
    expect(tags(after, 'nginx', 'SUCCESS')).toBeUndefined();
    expect(simulator.requests.count({ action: ACTION, instanceId: 'cri-a' })).toBe(2);
  });
});
