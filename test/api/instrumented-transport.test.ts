import { describe, it, expect } from '@jest/globals';
import { Registry } from 'prom-client';
import { ApiError } from '../../src/errors.js';
import { createInstrumentedTransport } from '../../src/api/instrumented-transport.js';
import { METRICS } from '../../src/metric-names.js';
import { FakeTransport } from './fake-transport.js';

const target = { region: 'cn-hangzhou', instanceId: 'cri-1' };

/** Value of one labelled sample, or undefined when the series does not exist. */
async function sampleValue(registry: Registry, name: string, labels: Record<string, string>, metricName = name): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const sample = values.find(
    (value) => ((value as { metricName?: string }).metricName ?? name) === metricName && Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return sample?.value;
}

/** A monotonic clock that moves `stepMs` each time it is read. */
function steppingNow(stepMs: number): () => number {
  let now = 0;
  return () => {
    const current = now;
    now += stepMs;
    return current;
  };
}

describe('createInstrumentedTransport', () => {
  it('counts every attempt by action and code, success or API error code', async () => {
    const registry = new Registry();
    const inner = new FakeTransport((call, index) => {
      if (index === 1) throw new ApiError({ kind: 'throttling', action: call.action, region: 'cn-hangzhou', code: 'Throttling.User', message: 'slow' });
      return { IsSuccess: true };
    });
    const transport = createInstrumentedTransport(inner, { registry, now: steppingNow(250) });

    await transport.call('ListArtifactSubscriptionTask', {}, target);
    await expect(transport.call('ListArtifactSubscriptionTask', {}, target)).rejects.toMatchObject({ code: 'Throttling.User' });
    await transport.call('ListInstance', {}, { region: 'cn-hangzhou' });

    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListArtifactSubscriptionTask', code: 'success' })).toBe(1);
    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListArtifactSubscriptionTask', code: 'Throttling.User' })).toBe(1);
    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListInstance', code: 'success' })).toBe(1);
  });

  it('observes each attempt duration in seconds, per action', async () => {
    const registry = new Registry();
    const inner = new FakeTransport(() => ({ IsSuccess: true }));
    const transport = createInstrumentedTransport(inner, { registry, now: steppingNow(250) });

    await transport.call('ListInstance', {}, target);
    await transport.call('ListInstance', {}, target);

    const histogram = METRICS.apiRequestDuration.name;
    expect(await sampleValue(registry, histogram, { action: 'ListInstance' }, `${histogram}_count`)).toBe(2);
    expect(await sampleValue(registry, histogram, { action: 'ListInstance' }, `${histogram}_sum`)).toBeCloseTo(0.5, 10);
    expect(await sampleValue(registry, histogram, { action: 'ListInstance', le: '0.25' }, `${histogram}_bucket`)).toBe(2);
    expect(await sampleValue(registry, histogram, { action: 'ListInstance', le: '0.1' }, `${histogram}_bucket`)).toBe(0);
  });

  it('classifies a raw throw so that the code label is ours (NetworkError), and rethrows an ApiError', async () => {
    const registry = new Registry();
    const inner = new FakeTransport(() => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const transport = createInstrumentedTransport(inner, { registry });

    const error = await transport.call('ListInstance', {}, target).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListInstance', code: 'NetworkError' })).toBe(1);
  });

  it('shares the metrics when two transports use one registry', async () => {
    const registry = new Registry();
    const first = createInstrumentedTransport(new FakeTransport(() => ({})), { registry });
    const second = createInstrumentedTransport(new FakeTransport(() => ({})), { registry });

    await first.call('ListInstance', {}, target);
    await second.call('ListInstance', {}, target);

    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListInstance', code: 'success' })).toBe(2);
  });
});
