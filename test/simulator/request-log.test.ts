import { describe, expect, it } from '@jest/globals';
import { MemoryRequestLog, type RequestLogEntry } from '../../src/simulator/request-log.js';

const entry = (action: string, code = 'success'): RequestLogEntry => ({ region: 'cn-hangzhou', action, status: 200, code });

describe('MemoryRequestLog', () => {
  it('counts entries matching every field of the filter', () => {
    const log = new MemoryRequestLog();
    log.record(entry('ListInstance'));
    log.record({ ...entry('ListArtifactSubscriptionTask'), instanceId: 'cri-a', pageNo: 1 });
    log.record({ ...entry('ListArtifactSubscriptionTask', 'NoPrivilege'), instanceId: 'cri-a', status: 403 });

    expect(log.count()).toBe(3);
    expect(log.count({ action: 'ListArtifactSubscriptionTask' })).toBe(2);
    expect(log.count({ action: 'ListArtifactSubscriptionTask', code: 'NoPrivilege', status: 403 })).toBe(1);
    expect(log.count({ pageNo: 1 })).toBe(1);
  });

  it('stays bounded, dropping the oldest entries', () => {
    const log = new MemoryRequestLog(10);
    for (let i = 0; i < 25; i++) log.record(entry(`A${i}`));

    expect(log.entries.length).toBeLessThanOrEqual(10);
    expect(log.entries.at(-1)?.action).toBe('A24');
  });

  it('clears', () => {
    const log = new MemoryRequestLog();
    log.record(entry('ListInstance'));
    log.clear();

    expect(log.count()).toBe(0);
  });
});
