import { describe, it, expect } from '@jest/globals';
import { Registry } from 'prom-client';
import { ApiError } from '../../src/errors.js';
import { createInstrumentedTransport } from '../../src/api/instrumented-transport.js';
import { METRICS } from '../../src/metric-names.js';
import { MAX_CODES_PER_ACTION, OTHER_CODE } from '../../src/api/code-labels.js';
import { recordingLogger } from '../support/recording-logger.js';
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

  it('keeps at most MAX_CODES_PER_ACTION code values per action, counts further codes as other, and logs each code once', async () => {
    const registry = new Registry();
    const { logger, lines } = recordingLogger('warn');
    const inner = new FakeTransport(({ action, query }) => {
      const code = query['Code'];
      if (code === undefined) return { IsSuccess: true };
      throw new ApiError({ kind: 'client', action, region: 'cn-hangzhou', code: String(code), message: 'random code' });
    });
    const transport = createInstrumentedTransport(inner, { registry, logger });
    const codes = Array.from({ length: 30 }, (_, i) => `Random.Code${i}`);

    for (const code of [...codes, ...codes]) await transport.call('ListInstance', { Code: code }, { region: 'cn-hangzhou' }).catch(() => undefined);
    await transport.call('ListInstance', {}, { region: 'cn-hangzhou' });
    await transport.call('ListArtifactSubscriptionTask', { Code: 'Random.Code29' }, target).catch(() => undefined);

    const { values } = await registry.getSingleMetric(METRICS.apiRequests.name)!.get();
    const listInstance = values.filter((value) => value.labels['action'] === 'ListInstance');
    const own = MAX_CODES_PER_ACTION - 2; // success and other take two of the places
    expect(listInstance).toHaveLength(MAX_CODES_PER_ACTION);
    expect(listInstance.find((value) => value.labels['code'] === 'success')?.value).toBe(1);
    expect(listInstance.find((value) => value.labels['code'] === OTHER_CODE)?.value).toBe(2 * (30 - own));
    expect(listInstance.find((value) => value.labels['code'] === 'Random.Code0')?.value).toBe(2);
    expect(listInstance.find((value) => value.labels['code'] === `Random.Code${own}`)).toBeUndefined();
    // The bound is per action.
    expect(await sampleValue(registry, METRICS.apiRequests.name, { action: 'ListArtifactSubscriptionTask', code: 'Random.Code29' })).toBe(1);
    // Each code logged once, the first time, with the label it got.
    const firsts = lines.filter((line) => line['action'] === 'ListInstance').map((line) => [line['code'], line['label']]);
    expect(firsts).toEqual(codes.map((code, i) => [code, i < own ? code : OTHER_CODE]));
    expect(lines.every((line) => line['level'] === 40)).toBe(true);
  });

  it('keeps one code bound per registry, so a client built on reload cannot add MAX_CODES_PER_ACTION more', async () => {
    const registry = new Registry();
    const failing = () =>
      new FakeTransport(({ action, query }) => {
        throw new ApiError({ kind: 'client', action, region: 'cn-hangzhou', code: String(query['Code']), message: 'random code' });
      });
    const before = createInstrumentedTransport(failing(), { registry });
    const afterReload = createInstrumentedTransport(failing(), { registry });

    for (let i = 0; i < 30; i++) {
      const transport = i < 15 ? before : afterReload;
      await transport.call('ListInstance', { Code: `Random.Code${i}` }, { region: 'cn-hangzhou' }).catch(() => undefined);
    }

    const { values } = await registry.getSingleMetric(METRICS.apiRequests.name)!.get();
    const codes = values.filter((value) => value.labels['action'] === 'ListInstance').map((value) => value.labels['code']);
    expect(codes).toHaveLength(MAX_CODES_PER_ACTION - 1); // every own place taken, and other; no success yet
    expect(codes).toContain(OTHER_CODE);
  });
});
