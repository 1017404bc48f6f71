import { describe, expect, it } from '@jest/globals';
import { MAX_FAILED_TAG_NAMES, MAX_TAG_NAME_CHARS, repositoriesWithFailedLastTask, summarizeTaskTags } from '../../src/collector/task-tag-summary.js';
import type { SubscriptionTaskTagResult } from '../../src/model/task-tag-result.js';
import { repository, summary } from '../server/landing-page-fixture.js';

function tag(name: string, result: string): SubscriptionTaskTagResult {
  return { tag: name, status: 'COMPLETED', result, startTimeMs: undefined, endTimeMs: undefined, namespaceName: 'mirror', repoName: 'nginx' };
}

describe('summarizeTaskTags', () => {
  it('counts tags by result label value and keeps the names of the tags that did not succeed, in order', () => {
    const tags = summarizeTaskTags([tag('1.27', 'SUCCESS'), tag('1.26', ' FAILED '), tag('1.25', ''), tag('1.24', 'FAILED'), tag('1.23', 'SUCCESS')]);

    expect(tags).toEqual({
      byResult: [
        { result: 'FAILED', count: 2 },
        { result: 'NONE', count: 1 },
        { result: 'SUCCESS', count: 2 },
      ],
      failedTags: ['1.26', '1.25', '1.24'],
      failedTagCount: 3,
    });
  });

  it(`keeps at most ${MAX_FAILED_TAG_NAMES} failed names of at most ${MAX_TAG_NAME_CHARS} characters, and counts them all`, () => {
    const many = Array.from({ length: 25 }, (_, i) => tag(`${'x'.repeat(200)}-${i}`, 'FAILED'));

    const tags = summarizeTaskTags(many);

    expect(tags.failedTagCount).toBe(25);
    expect(tags.failedTags).toHaveLength(MAX_FAILED_TAG_NAMES);
    expect(tags.failedTags.every((name) => name.length === MAX_TAG_NAME_CHARS)).toBe(true);
    expect(tags.byResult).toEqual([{ result: 'FAILED', count: 25 }]);
  });

  it('is empty for a task without tag results', () => {
    expect(summarizeTaskTags([])).toEqual({ byResult: [], failedTags: [], failedTagCount: 0 });
  });
});

describe('repositoriesWithFailedLastTask', () => {
  it('lists the repositories whose newest finished task did not succeed (NONE included), not those still without one', () => {
    const finished = (result: string) => ({ ...repository().lastFinished!, result });
    const tasks = summary([
      repository({ repository: 'ok', lastFinished: finished('SUCCESS') }),
      repository({ repository: 'failed', lastFinished: finished('FAILED') }),
      repository({ repository: 'no-result', lastFinished: finished('NONE') }),
      repository({ repository: 'first-running', lastFinished: undefined }),
    ]);

    expect(repositoriesWithFailedLastTask(tasks).map((r) => r.repository)).toEqual(['failed', 'no-result']);
  });
});
