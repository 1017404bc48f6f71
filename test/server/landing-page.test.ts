import { describe, expect, it } from '@jest/globals';
import type { Snapshot } from '../../src/collector/snapshot.js';
import { MAX_ATTENTION_ROWS_PER_INSTANCE, renderLandingPage, type LandingPageInfo } from '../../src/server/landing-page.js';
import type { SubscriptionRule } from '../../src/model/subscription-rule.js';
import { HOUR_MS, NOW_MS, instance, repository, summary } from './landing-page-fixture.js';
import { subscriptionRule } from '../support/subscription-rule.js';

function rule(ruleId: string): SubscriptionRule {
  return subscriptionRule(ruleId, { instanceId: 'cri-kept', repoName: ruleId, sourceRepoName: ruleId });
}

const INFO: LandingPageInfo = {
  version: '1.2.3',
  mode: 'interval',
  regions: [
    { id: 'cn-hangzhou', endpoint: 'cr.cn-hangzhou.aliyuncs.com', protocol: 'https', instances: undefined },
    { id: 'cn-beijing', endpoint: 'cr-vpc.cn-beijing.aliyuncs.com', protocol: 'https', instances: ['cri-x', 'cri-y'] },
  ],
  shard: { index: 1, total: 3 },
  inProgressStatuses: ['RUNNING', 'PENDING'],
};

function snapshotOf(...instances: Snapshot['instances']): Snapshot {
  return { takenAtMs: NOW_MS - 3 * HOUR_MS, shard: { index: 1, total: 3 }, instances };
}

/** The text of the first table row that contains `marker`, tags stripped. */
function rowContaining(html: string, marker: string): string {
  const row = html.split('<tr>').map((candidate) => candidate.split('</tr>')[0]!).find((candidate) => candidate.includes(marker));
  if (!row) throw new Error(`no row contains ${marker}`);
  return row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('renderLandingPage', () => {
  it('shows the version, mode, shard, links and every configured region', () => {
    const html = renderLandingPage(INFO, undefined, NOW_MS);

    expect(html).toContain('Version 1.2.3 &middot; collection mode interval &middot; shard 1 of 3');
    for (const link of ['/metrics', '/-/healthy', '/-/ready']) expect(html).toContain(`<a href="${link}">`);
    expect(rowContaining(html, 'cn-hangzhou')).toBe('cn-hangzhou https://cr.cn-hangzhou.aliyuncs.com discovery (ListInstance)');
    expect(rowContaining(html, 'cn-beijing')).toBe('cn-beijing https://cr-vpc.cn-beijing.aliyuncs.com cri-x, cri-y');
    expect(html).toContain('No instance has been collected yet.');
    expect(html).toContain('No task data yet.');
  });

  it('shows each instance’s last collection: state, error code and message on one line, duration, last success, task counts', () => {
    const html = renderLandingPage(
      INFO,
      snapshotOf(
        instance({
          tasks: summary(
            [],
            [
              { status: 'FINISHED', result: 'FAILED', count: 2 },
              { status: 'FINISHED', result: 'SUCCESS', count: 7 },
              { status: 'RUNNING', result: 'NONE', count: 1 },
            ],
          ),
        }),
        instance({
          instanceId: 'cri-b',
          collectSuccess: false,
          collectDurationSeconds: 1.5,
          lastSuccessTimeMs: NOW_MS - 3 * 86_400_000,
          error: { code: 'Throttling.User', message: 'Request was denied\n  due to user flow control.' },
        }),
        instance({ instanceId: 'cri-c', collectSuccess: false, lastSuccessTimeMs: undefined, error: { code: 'NoPrivilege', message: 'GetX failed: NoPrivilege HTTP 403' } }),
      ),
      NOW_MS,
    );

    expect(html).toContain('Last instance result 3h ago.');
    expect(rowContaining(html, 'cri-a')).toBe('cn-hangzhou cri-a prod ok 0.250s 60s ago in progress 1 FAILED 2 SUCCESS 7 not listed yet');
    expect(rowContaining(html, 'cri-b')).toBe(
      'cn-hangzhou cri-b prod failed: Throttling.User: Request was denied due to user flow control. 1.500s 3d ago no task data not listed yet',
    );
    // The code is not repeated when the message names it.
    expect(rowContaining(html, 'cri-c')).toContain('failed: GetX failed: NoPrivilege HTTP 403 0.250s never');
  });

  it('shows how many subscription rules each instance serves, and a failed rules listing by its code', () => {
    const denied = { code: 'NoPrivilege', message: 'ListArtifactSubscriptionRule cn-hangzhou/cri-x failed: NoPrivilege HTTP 403: <denied>' };
    const html = renderLandingPage(
      INFO,
      snapshotOf(
        instance({ instanceId: 'cri-listed', rules: { rules: [], refreshSuccess: true, lastSuccessTimeMs: NOW_MS, error: undefined } }),
        instance({ instanceId: 'cri-kept', rules: { rules: [rule('r1'), rule('r2')], refreshSuccess: false, lastSuccessTimeMs: NOW_MS - HOUR_MS, error: denied } }),
        instance({ instanceId: 'cri-dropped', rules: { rules: undefined, refreshSuccess: false, lastSuccessTimeMs: undefined, error: denied } }),
      ),
      NOW_MS,
    );

    expect(rowContaining(html, 'cri-listed')).toMatch(/ no task data 0$/);
    expect(rowContaining(html, 'cri-kept')).toMatch(/ no task data 2, listing failed \(NoPrivilege\)$/);
    expect(rowContaining(html, 'cri-dropped')).toMatch(/ no task data listing failed \(NoPrivilege\)$/);
    expect(html).not.toContain('<denied>');
  });

  it('lists the repositories needing attention with their source, newest task and every reason', () => {
    const failing = repository({
      repository: 'pause',
      lastTask: { ...repository().lastTask, sourceProvider: 'GCR', sourceNamespace: 'google-containers', sourceRepository: 'pause', result: 'FAILED' },
      lastFinished: { tagTotalCount: 81, tagSubscriptionCount: 26, durationSeconds: 60, taskId: 't-done', result: 'SUCCESS', endTimeMs: 1, message: '' },
      lastSuccessEndTimeMs: NOW_MS - 50 * HOUR_MS,
    });
    const html = renderLandingPage(INFO, snapshotOf(instance({ tasks: summary([repository(), failing]) })), NOW_MS);

    expect(rowContaining(html, 'mirror/pause')).toBe(
      'cri-a mirror/pause GCR google-containers/pause FINISHED / FAILED started 2h ago newest task ended FAILED; last finished task subscribed 26 of 81 tags; last success 2d ago',
    );
    expect(html).not.toContain('mirror/nginx');
  });

  it('says so when every repository is fine, and counts the rows it leaves out', () => {
    const fine = renderLandingPage(INFO, snapshotOf(instance({ tasks: summary([repository()]) })), NOW_MS);
    expect(fine).toContain('Every repository’s newest task succeeded, with all its tags, within a day.');

    const failing = Array.from({ length: MAX_ATTENTION_ROWS_PER_INSTANCE + 3 }, (_, index) =>
      repository({ repository: `repo-${String(index).padStart(2, '0')}`, lastSuccessEndTimeMs: undefined }),
    );
    const many = renderLandingPage(INFO, snapshotOf(instance({ tasks: summary(failing) })), NOW_MS);
    expect(many.match(/no successful task listed/g)).toHaveLength(MAX_ATTENTION_ROWS_PER_INSTANCE);
    expect(many).toContain('cri-a: 3 more not shown.');
  });

  it('escapes every value it shows', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&';
    const escaped = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;';
    const html = renderLandingPage(
      { ...INFO, version: hostile, mode: hostile, regions: [{ id: hostile, endpoint: hostile, protocol: 'https', instances: [hostile] }] },
      snapshotOf(
        instance({
          region: hostile,
          instanceId: hostile,
          info: { instanceName: hostile, instanceSpecification: '', instanceStatus: '' },
          collectSuccess: false,
          error: { code: hostile, message: hostile },
        }),
        instance({
          instanceId: `${hostile}2`,
          tasks: summary(
            [
              repository({
                namespace: hostile,
                repository: hostile,
                lastTask: { ...repository().lastTask, sourceProvider: hostile, sourceNamespace: hostile, sourceRepository: hostile, status: hostile, result: hostile },
              }),
            ],
            [{ status: hostile, result: hostile, count: 1 }],
          ),
        }),
      ),
      NOW_MS,
    );

    expect(html).not.toContain('<img');
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(18);
    expect(html).not.toContain('<script');
  });
});
