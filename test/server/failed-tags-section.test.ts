import { describe, expect, it } from '@jest/globals';
import type { FinishedTask } from '../../src/collector/instance-summary.js';
import type { TaskTagSummary } from '../../src/collector/task-tag-summary.js';
import { failedTagsSection, MAX_FAILED_TAG_ROWS_PER_INSTANCE } from '../../src/server/failed-tags-section.js';
import { renderLandingPage } from '../../src/server/landing-page.js';
import { instance, NOW_MS, repository, summary } from './landing-page-fixture.js';

function finished(overrides: Partial<FinishedTask>): FinishedTask {
  return { ...repository().lastFinished!, result: 'FAILED', taskId: 'crast-1', message: 'Pull failed', ...overrides };
}

function tags(failedTags: string[], failedTagCount = failedTags.length, succeeded = 0): TaskTagSummary {
  const byResult = [...(failedTagCount > 0 ? [{ result: 'FAILED', count: failedTagCount }] : []), ...(succeeded > 0 ? [{ result: 'SUCCESS', count: succeeded }] : [])];
  return { byResult, failedTags, failedTagCount };
}

/** The text of each table row (header excluded), tags stripped. */
function rows(html: string): string[] {
  return html
    .split('<tr>')
    .slice(2)
    .map((row) => row.split('</tr>')[0]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('failedTagsSection', () => {
  it('lists each failing repository with its result, message and failed tag names; not the repositories that succeeded', () => {
    const nginx = repository({ lastFinished: finished({ message: 'Pull tag 1.25 failed: toomanyrequests' }) });
    const redis = repository({ repository: 'redis' });
    const snapshot = instance({
      tasks: summary([nginx, redis]),
      lastTaskTags: { repositories: [{ namespace: 'mirror', repository: 'nginx', tags: tags(['1.25', '1.24'], 2, 8) }], pending: 0 },
    });

    expect(rows(failedTagsSection([snapshot]))).toEqual(['cri-a mirror/nginx FAILED Pull tag 1.25 failed: toomanyrequests 1.25, 1.24']);
  });

  it('escapes tag names and messages, which are API text, and cleans the message', () => {
    const hostile = repository({ lastFinished: finished({ message: '<script>alert(1)</script> & "quoted"\nsecond line' }) });
    const snapshot = instance({
      tasks: summary([hostile]),
      lastTaskTags: { repositories: [{ namespace: 'mirror', repository: 'nginx', tags: tags(['<img src=x onerror=alert(1)>', "a'b&c"]) }], pending: 0 },
    });

    const html = failedTagsSection([snapshot]);

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; second line');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;, a&#39;b&amp;c');
  });

  it('says "+N more" past the names kept, and why a repository has no names to show', () => {
    const many = repository({ repository: 'many', lastFinished: finished({}) });
    const waiting = repository({ repository: 'waiting', lastFinished: finished({ message: '' }) });
    const noneFailed = repository({ repository: 'none-failed', lastFinished: finished({ result: 'NONE' }) });
    const names = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const snapshot = instance({
      tasks: summary([many, noneFailed, waiting]),
      lastTaskTags: {
        repositories: [
          { namespace: 'mirror', repository: 'many', tags: tags(names, 57) },
          { namespace: 'mirror', repository: 'none-failed', tags: tags([], 0, 4) },
        ],
        pending: 1,
      },
    });

    expect(rows(failedTagsSection([snapshot]))).toEqual([
      `cri-a mirror/many FAILED Pull failed ${names.join(', ')} +37 more`,
      'cri-a mirror/none-failed NONE Pull failed no failed tag among 4',
      'cri-a mirror/waiting FAILED no message not fetched yet',
    ]);
    expect(rows(failedTagsSection([instance({ tasks: summary([many]) })]))).toEqual([
      'cri-a mirror/many FAILED Pull failed not fetched (collection.taskResultBudget is 0)',
    ]);
  });

  it(`lists at most ${MAX_FAILED_TAG_ROWS_PER_INSTANCE} repositories per instance and counts the rest`, () => {
    const failing = Array.from({ length: MAX_FAILED_TAG_ROWS_PER_INSTANCE + 3 }, (_, i) =>
      repository({ repository: `r${String(i).padStart(2, '0')}`, lastFinished: finished({}) }),
    );

    const html = failedTagsSection([instance({ tasks: summary(failing), lastTaskTags: { repositories: [], pending: failing.length } })]);

    expect(rows(html)).toHaveLength(MAX_FAILED_TAG_ROWS_PER_INSTANCE);
    expect(html).toContain('cri-a: 3 more not shown.');
  });

  it('says when there is no task data, and when every newest finished task succeeded', () => {
    expect(failedTagsSection([instance()])).toBe('<p class="muted">No task data yet.</p>');
    expect(failedTagsSection([instance({ tasks: summary([repository()]) })])).toContain('Every repository’s newest finished task succeeded.');
  });

  it('is a section of the landing page', () => {
    const snapshot = instance({ tasks: summary([repository({ lastFinished: finished({}) })]), lastTaskTags: { repositories: [], pending: 1 } });

    const html = renderLandingPage(
      { version: '1', mode: 'scrape', regions: [], shard: { index: 0, total: 1 }, inProgressStatuses: ['RUNNING'] },
      { takenAtMs: NOW_MS, shard: { index: 0, total: 1 }, instances: [snapshot] },
      NOW_MS,
    );

    expect(html).toContain(`<h2>Failed tags</h2>\n${failedTagsSection([snapshot])}`);
  });
});
