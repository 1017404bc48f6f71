import { describe, expect, it } from '@jest/globals';
import { FaultList, type FaultCall } from '../../src/simulator/fault-injector.js';

const TASKS: FaultCall = { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-a', pageNo: 1 };

function answers(faults: FaultList, calls: number, call: FaultCall = TASKS): (string | undefined)[] {
  return Array.from({ length: calls }, () => faults.decide(call).answer?.kind);
}

describe('FaultList', () => {
  it('matches on action, instance, region and page; an omitted filter matches anything', () => {
    const faults = new FaultList(1);
    faults.add({ kind: 'forbidden', action: 'ListArtifactSubscriptionTask', instanceId: 'cri-a', region: 'cn-hangzhou', pageNo: 2 });

    expect(faults.decide({ ...TASKS, pageNo: 2 }).answer?.kind).toBe('forbidden');
    expect(faults.decide(TASKS).answer).toBeUndefined();
    expect(faults.decide({ ...TASKS, pageNo: 2, instanceId: 'cri-b' }).answer).toBeUndefined();
    expect(faults.decide({ ...TASKS, pageNo: 2, region: 'cn-shanghai' }).answer).toBeUndefined();
    expect(faults.decide({ ...TASKS, pageNo: 2, action: 'ListArtifactSubscriptionRule' }).answer).toBeUndefined();
  });

  it('never matches an instanceId filter for a call without InstanceId', () => {
    const faults = new FaultList(1);
    faults.add({ kind: 'forbidden', instanceId: 'cri-a' });

    expect(faults.decide({ action: 'ListInstance', region: 'cn-hangzhou' }).answer).toBeUndefined();
  });

  it('onCall fires on the Nth matching call only; times bounds how often a fault fires', () => {
    const nth = new FaultList(1);
    nth.add({ kind: 'throttling', onCall: 3 });
    const bounded = new FaultList(1);
    bounded.add({ kind: 'throttling', times: 2 });

    expect(answers(nth, 4)).toEqual([undefined, undefined, 'throttling', undefined]);
    expect(answers(bounded, 4)).toEqual(['throttling', 'throttling', undefined, undefined]);
  });

  it('rate fires on about that share of calls, the same calls for the same seed', () => {
    const run = (seed: number) => {
      const faults = new FaultList(seed);
      faults.add({ kind: 'server-error', rate: 0.3 });
      return answers(faults, 1000);
    };

    const first = run(7);
    const fired = first.filter((kind) => kind === 'server-error').length;

    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    expect(fired).toBeGreaterThan(240);
    expect(fired).toBeLessThan(360);
  });

  it('adds up latency and inserts, and lets only the first answering fault fire', () => {
    const faults = new FaultList(1);
    const task = { TaskId: 'crast-x' };
    faults.add({ kind: 'latency', latencyMs: 100 });
    faults.add({ kind: 'forbidden', times: 1 });
    faults.add({ kind: 'latency' });
    faults.add({ kind: 'server-error', times: 1 });
    faults.add({ kind: 'insert-task', task });

    const first = faults.decide(TASKS);
    const second = faults.decide(TASKS);

    expect(first).toEqual({ latencyMs: 1100, inserts: [task], answer: expect.objectContaining({ kind: 'forbidden' }) });
    // server-error did not use up its one time on the first call.
    expect(second.answer?.kind).toBe('server-error');
  });

  it('forgets a removed fault, and all faults on clear', () => {
    const faults = new FaultList(1);
    const handle = faults.add({ kind: 'forbidden' });
    faults.add({ kind: 'timeout' });

    handle.remove();
    const afterRemove = faults.decide(TASKS).answer?.kind;
    faults.clear();

    expect(afterRemove).toBe('timeout');
    expect(faults.decide(TASKS).answer).toBeUndefined();
  });

  it('rejects an invalid fault', () => {
    const faults = new FaultList(1);

    expect(() => faults.add({ kind: 'throttling', rate: 1.5 })).toThrow(RangeError);
    expect(() => faults.add({ kind: 'throttling', onCall: 0 })).toThrow(RangeError);
    expect(() => faults.add({ kind: 'insert-task' })).toThrow(TypeError);
    expect(() => faults.add({ kind: 'nonsense' as 'timeout' })).toThrow(TypeError);
  });
});
