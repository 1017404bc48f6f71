import { describe, expect, it } from '@jest/globals';
import type { Check } from '../../src/doctor/check.js';
import { doctorReport, exitCodeOf } from '../../src/doctor/doctor-report.js';
import { formatReportJson, formatReportText } from '../../src/doctor/format-report.js';

const CHECKS: Check[] = [
  { status: 'ok', name: 'credentials', target: 'all regions', detail: 'access key; AccessKey id LTAI****ey01' },
  { status: 'warn', name: 'clock', target: 'cn-hangzhou', detail: 'skew +40.0 s (±0.5 s): the local clock is behind' },
  {
    status: 'failed',
    name: 'ListArtifactSubscriptionRule',
    target: 'cn-hangzhou/cri-1',
    detail: 'denied (NoPrivilege HTTP 403): grant cr:ListArtifactSubscriptionRule on acs:cr:cn-hangzhou:*:instance/cri-1',
    denied: { action: 'ListArtifactSubscriptionRule', region: 'cn-hangzhou', instanceId: 'cri-1' },
  },
  { status: 'skipped', name: 'GetArtifactSubscriptionTaskResult', target: 'cn-hangzhou/cri-1', detail: 'no task' },
];

describe('doctorReport', () => {
  it('counts the statuses and builds the policy from the denied checks', () => {
    const report = doctorReport(CHECKS);

    expect(report.counts).toEqual({ ok: 1, warn: 1, failed: 1, skipped: 1 });
    expect(report.policy?.Statement).toEqual([{ Effect: 'Allow', Action: ['cr:ListArtifactSubscriptionRule'], Resource: 'acs:cr:cn-hangzhou:*:instance/cri-1' }]);
  });

  it('exits 1 when a check failed, 0 with warnings and skipped checks only', () => {
    expect(exitCodeOf(doctorReport(CHECKS))).toBe(1);
    expect(exitCodeOf(doctorReport(CHECKS.filter((check) => check.status !== 'failed')))).toBe(0);
  });
});

describe('formatReportText', () => {
  it('aligns status, target, check and detail in columns, one line per check', () => {
    const text = formatReportText(doctorReport(CHECKS), { colour: false, demo: false });
    const lines = text.split('\n').slice(0, CHECKS.length);

    expect(lines).toEqual([
      'ok       all regions        credentials                        access key; AccessKey id LTAI****ey01',
      'warn     cn-hangzhou        clock                              skew +40.0 s (±0.5 s): the local clock is behind',
      'FAILED   cn-hangzhou/cri-1  ListArtifactSubscriptionRule       denied (NoPrivilege HTTP 403): grant cr:ListArtifactSubscriptionRule on acs:cr:cn-hangzhou:*:instance/cri-1',
      'skipped  cn-hangzhou/cri-1  GetArtifactSubscriptionTaskResult  no task',
    ]);
  });

  it('ends with the counts and the minimal policy as JSON', () => {
    const text = formatReportText(doctorReport(CHECKS), { colour: false, demo: false });

    expect(text).toContain('\n4 checks: 1 ok, 1 warn, 1 failed, 1 skipped.\n');
    const json = text.slice(text.indexOf('{'));
    expect(JSON.parse(json)).toEqual(doctorReport(CHECKS).policy);
    expect(text).not.toContain('as the demo intends');
  });

  it('says in the demo that the failures are intended', () => {
    const text = formatReportText(doctorReport(CHECKS), { colour: false, demo: true });

    expect(text).toContain('1 check failed, as the demo intends');
  });

  it('prints no policy when nothing was denied', () => {
    const text = formatReportText(doctorReport(CHECKS.slice(0, 2)), { colour: false, demo: false });

    expect(text).not.toContain('RAM policy');
    expect(text.endsWith('2 checks: 1 ok, 1 warn, 0 failed, 0 skipped.\n')).toBe(true);
  });

  it('colours the status column only when asked, keeping the columns aligned', () => {
    const plain = formatReportText(doctorReport(CHECKS), { colour: false, demo: false });
    const coloured = formatReportText(doctorReport(CHECKS), { colour: true, demo: false });

    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31;1mFAILED \u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

describe('formatReportJson', () => {
  it('is one JSON document with the checks, the counts and the policy', () => {
    const parsed = JSON.parse(formatReportJson(doctorReport(CHECKS))) as Record<string, unknown>;

    expect(parsed['counts']).toEqual({ ok: 1, warn: 1, failed: 1, skipped: 1 });
    expect(parsed['checks']).toEqual(CHECKS);
    expect(parsed['policy']).toEqual(doctorReport(CHECKS).policy);
  });

  it('has a null policy when nothing was denied', () => {
    expect((JSON.parse(formatReportJson(doctorReport(CHECKS.slice(0, 1)))) as Record<string, unknown>)['policy']).toBeNull();
  });
});
