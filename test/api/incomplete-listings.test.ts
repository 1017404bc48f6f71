import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { incompleteListingsObserver } from '../../src/api/incomplete-listings.js';
import { METRICS } from '../../src/metric-names.js';
import { recordingLogger } from '../support/recording-logger.js';

async function series(registry: Registry): Promise<[string, string, string, number][]> {
  const { values } = await registry.getSingleMetric(METRICS.incompleteListings.name)!.get();
  return values.map((value) => [String(value.labels['region']), String(value.labels['instance_id']), String(value.labels['reason']), value.value]);
}

describe('incompleteListingsObserver', () => {
  const tasks = { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-1' } as const;

  it("creates an instance's series for both reasons at 0 the first time its tasks are listed, once", async () => {
    const registry = new Registry();
    const observer = incompleteListingsObserver(registry, undefined);

    observer.started?.(tasks);
    observer.started?.(tasks);
    observer.started?.({ action: 'ListInstance', region: 'cn-hangzhou' });

    expect(await series(registry)).toEqual([
      ['cn-hangzhou', 'cri-1', 'max_pages', 0],
      ['cn-hangzhou', 'cri-1', 'empty_page', 0],
    ]);
  });

  it("removes a forgotten instance's series and creates them again at 0 if it comes back", async () => {
    const registry = new Registry();
    const observer = incompleteListingsObserver(registry, undefined);
    const other = { ...tasks, instanceId: 'cri-2' };
    observer.started?.(tasks);
    observer.started?.(other);
    observer.incomplete?.({ ...tasks, reason: 'max_pages', pagesFetched: 3, listed: 300, announced: 500 });

    observer.forgetInstance?.('cn-hangzhou', 'cri-1');
    expect(await series(registry)).toEqual([
      ['cn-hangzhou', 'cri-2', 'max_pages', 0],
      ['cn-hangzhou', 'cri-2', 'empty_page', 0],
    ]);

    observer.started?.(tasks);
    expect((await series(registry)).filter(([, instance]) => instance === 'cri-1')).toEqual([
      ['cn-hangzhou', 'cri-1', 'max_pages', 0],
      ['cn-hangzhou', 'cri-1', 'empty_page', 0],
    ]);
  });

  it('counts a short task listing under its reason and logs every short listing at warn with listed and announced', async () => {
    const registry = new Registry();
    const { logger, lines } = recordingLogger();
    const observer = incompleteListingsObserver(registry, logger);

    observer.started?.(tasks);
    observer.incomplete?.({ ...tasks, reason: 'empty_page', pagesFetched: 3, listed: 120, announced: 300 });
    observer.incomplete?.({ action: 'ListInstance', region: 'cn-hangzhou', instanceId: undefined, reason: 'max_pages', pagesFetched: 5, listed: 500, announced: 900 });

    expect(await series(registry)).toEqual([
      ['cn-hangzhou', 'cri-1', 'max_pages', 0],
      ['cn-hangzhou', 'cri-1', 'empty_page', 1],
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, region: 'cn-hangzhou', instanceId: 'cri-1', reason: 'empty_page', listed: 120, announced: 300 });
    expect(lines[1]).toMatchObject({ level: 40, action: 'ListInstance', reason: 'max_pages', listed: 500, announced: 900 });
  });
});
