import { describe, expect, it } from '@jest/globals';
import { generateDataset, type GenerateDatasetOptions, type SimDataset } from '../../src/simulator/index.js';

const NOW_MS = 1_700_000_000_000;
const HOUR_MS = 3_600_000;
const options: GenerateDatasetOptions = {
  seed: 5,
  nowMs: NOW_MS,
  regions: [
    { id: 'cn-hangzhou', instances: 3 },
    { id: 'cn-shanghai', instances: 2 },
  ],
};

/** Everything the simulator would serve at `atMs`, as plain JSON. */
function snapshot(dataset: SimDataset, atMs: number): unknown {
  return dataset.regions.map((region) => ({
    id: region.id,
    instances: region.instances.map((entry) => ({
      instance: entry.instance,
      rules: entry.rules,
      tasks: entry.tasks.slice(atMs, 0, entry.tasks.count(atMs)),
    })),
  }));
}

function allTasks(dataset: SimDataset, atMs: number): Record<string, unknown>[] {
  return dataset.regions.flatMap((region) => region.instances.flatMap((entry) => entry.tasks.slice(atMs, 0, entry.tasks.count(atMs))));
}

describe('generateDataset', () => {
  it('is deterministic: the same seed gives the same dataset, another seed another', () => {
    expect(JSON.stringify(snapshot(generateDataset(options), NOW_MS))).toBe(JSON.stringify(snapshot(generateDataset(options), NOW_MS)));
    expect(JSON.stringify(snapshot(generateDataset({ ...options, seed: 6 }), NOW_MS))).not.toBe(
      JSON.stringify(snapshot(generateDataset(options), NOW_MS)),
    );
  });

  it('creates the requested regions and instances, RUNNING, with API-shaped fields and unique ids', () => {
    const dataset = generateDataset(options);
    const instances = dataset.regions.flatMap((region) => region.instances.map((entry) => entry.instance));

    expect(dataset.regions.map((region) => [region.id, region.instances.length])).toEqual([
      ['cn-hangzhou', 3],
      ['cn-shanghai', 2],
    ]);
    expect(new Set(instances.map((instance) => instance.InstanceId)).size).toBe(5);
    for (const instance of instances) {
      expect(instance.InstanceId).toMatch(/^cri-[a-z0-9]{16}$/);
      expect(instance.InstanceStatus).toBe('RUNNING');
      expect(instance.InstanceSpecification).toMatch(/^Enterprise_/);
    }
    expect(dataset.regions[1]?.instances[0]?.instance.RegionId).toBe('cn-shanghai');
  });

  it('gives each instance one rule per repository and the configured number of tasks', () => {
    const dataset = generateDataset({ ...options, repositoriesPerInstance: 4, tasksPerRepository: 3, futureMs: 0 });
    const first = dataset.regions[0]?.instances[0];

    expect(first?.rules).toHaveLength(4);
    expect(first?.tasks.count(NOW_MS + 1)).toBe(12);
    expect(new Set(first?.rules.map((rule) => `${rule.NamespaceName}/${rule.RepoName}`)).size).toBe(4);
  });

  it('has realistic tasks: mostly SUCCESS, some FAILED, sane durations and tag counts, all providers', () => {
    const dataset = generateDataset({ ...options, seed: 11, repositoriesPerInstance: 20, tasksPerRepository: 10 });
    const finished = allTasks(dataset, NOW_MS + 10 * HOUR_MS);
    const results = finished.map((task) => task['TaskResult']);
    const success = results.filter((result) => result === 'SUCCESS').length / results.length;
    const durations = finished.map((task) => (task['EndTime'] as number) - (task['StartTime'] as number));

    expect(finished).toHaveLength(5 * 20 * 10);
    expect(success).toBeGreaterThan(0.75);
    expect(success).toBeLessThan(0.95);
    expect(results.filter((result) => result !== 'SUCCESS').every((result) => result === 'FAILED')).toBe(true);
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(20_000);
    expect(Math.max(...durations)).toBeLessThanOrEqual(2 * HOUR_MS);
    for (const task of finished) {
      expect(task['TagTotalCount'] as number).toBeGreaterThanOrEqual(1);
      expect(task['TagTotalCount'] as number).toBeLessThanOrEqual(400);
      expect(task['TagSubscriptionCount'] as number).toBeLessThanOrEqual(task['TagTotalCount'] as number);
    }
    expect(finished.some((task) => (task['TagSubscriptionCount'] as number) < (task['TagTotalCount'] as number))).toBe(true);
    expect(new Set(finished.map((task) => task['SourceProvider']))).toEqual(new Set(['DOCKER_HUB', 'GCR', 'QUAY']));
  });

  it('starts some tasks after nowMs, so tasks appear and finish as the clock moves', () => {
    const dataset = generateDataset({ ...options, seed: 11, repositoriesPerInstance: 20, tasksPerRepository: 10 });

    const now = allTasks(dataset, NOW_MS);
    const later = allTasks(dataset, NOW_MS + HOUR_MS);

    expect(later.length).toBeGreaterThan(now.length);
    expect(now.some((task) => task['TaskStatus'] === 'RUNNING')).toBe(true);
  });
});
