import { describe, expect, it } from '@jest/globals';
import type { InstanceTaskSummary } from '../../src/collector/instance-summary.js';
import { ApiError } from '../../src/errors.js';
import type { InstanceOutcome } from '../../src/scheduler/collect-targets.js';
import { InstanceStates } from '../../src/scheduler/instance-states.js';

const KEEP_STALE_MS = 15 * 60_000;

function summary(tasksListed: number): InstanceTaskSummary {
  return { tasksByStatusResult: [{ status: 'COMPLETED', result: 'SUCCESS', count: tasksListed }], oldestInProgressStartTimeMs: undefined, repositories: [], tasksListed, finishedResults: ['SUCCESS'], invalidTasks: [] };
}

function outcome(instanceId: string, finishedAtMs: number, result: InstanceTaskSummary | Error): InstanceOutcome {
  const ok = !(result instanceof Error);
  return {
    target: { region: 'cn-hangzhou', instanceId, info: undefined },
    finishedAtMs,
    durationSeconds: 0.5,
    pages: ok ? 1 : 0,
    summary: ok ? result : undefined,
    error: ok ? undefined : result,
  };
}

const denied = new ApiError({ kind: 'auth', action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-a', code: 'NoPrivilege', message: 'Access is denied for the user.', statusCode: 403 });

describe('InstanceStates', () => {
  it('keeps a failing instance’s last good data until keepStaleData has passed since its last success', () => {
    const states = new InstanceStates(KEEP_STALE_MS);
    states.record(outcome('cri-a', 1_000, summary(5)));

    states.record(outcome('cri-a', 1_000 + KEEP_STALE_MS, denied));
    const stale = states.snapshots()[0]!;
    expect(stale.collectSuccess).toBe(false);
    expect(stale.tasks?.tasksListed).toBe(5);
    expect(stale.lastSuccessTimeMs).toBe(1_000);
    expect(stale.error).toEqual({ code: 'NoPrivilege', message: denied.message });

    states.record(outcome('cri-a', 1_001 + KEEP_STALE_MS, denied));
    expect(states.snapshots()[0]!.tasks).toBeUndefined();
    expect(states.snapshots()[0]!.lastSuccessTimeMs).toBe(1_000);

    states.record(outcome('cri-a', 2_000 + KEEP_STALE_MS, summary(7)));
    expect(states.snapshots()[0]).toMatchObject({ collectSuccess: true, lastSuccessTimeMs: 2_000 + KEEP_STALE_MS, error: undefined });
    expect(states.snapshots()[0]!.tasks?.tasksListed).toBe(7);
  });

  it('has no data and no last success for an instance that never succeeded', () => {
    const states = new InstanceStates(KEEP_STALE_MS);
    states.record(outcome('cri-a', 1_000, denied));
    expect(states.snapshots()[0]).toMatchObject({ collectSuccess: false, tasks: undefined, lastSuccessTimeMs: undefined });
  });

  it('forgets instances that are no longer targets and reports them', () => {
    const states = new InstanceStates(KEEP_STALE_MS);
    states.record(outcome('cri-a', 1_000, summary(1)));
    states.record(outcome('cri-b', 1_000, summary(2)));
    const vanished = states.retainOnly([outcome('cri-b', 2_000, summary(2)).target]);
    expect(vanished.map((v) => v.instanceId)).toEqual(['cri-a']);
    expect(states.snapshots().map((s) => s.instanceId)).toEqual(['cri-b']);
  });

  it('orders the instances as the targets are, whatever order their outcomes came in', () => {
    const states = new InstanceStates(KEEP_STALE_MS);
    for (const id of ['cri-c', 'cri-a', 'cri-b']) states.record(outcome(id, 1_000, summary(1)));
    expect(states.snapshots().map((s) => s.instanceId)).toEqual(['cri-c', 'cri-a', 'cri-b']);
    states.retainOnly(['cri-a', 'cri-b', 'cri-c'].map((id) => outcome(id, 0, summary(0)).target));
    expect(states.snapshots().map((s) => s.instanceId)).toEqual(['cri-a', 'cri-b', 'cri-c']);
  });
});
