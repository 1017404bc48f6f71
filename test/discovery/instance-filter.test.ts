import { describe, expect, it } from '@jest/globals';
import { createInstanceFilter } from '../../src/discovery/instance-filter.js';

const none = { includeIds: [], excludeIds: [], includeNames: [], excludeNames: [] };

describe('createInstanceFilter', () => {
  it('accepts everything without patterns', () => {
    expect(createInstanceFilter(none).accepts('cri-a', 'prod')).toBe(true);
  });

  it('keeps only instances matching an include pattern of ids and of names', () => {
    const filter = createInstanceFilter({ ...none, includeIds: ['^cri-prod', '^cri-stage'], includeNames: ['mirror'] });
    expect(filter.accepts('cri-prod-1', 'mirror-hz')).toBe(true);
    expect(filter.accepts('cri-stage-1', 'mirror-sh')).toBe(true);
    expect(filter.accepts('cri-dev-1', 'mirror-hz')).toBe(false);
    expect(filter.accepts('cri-prod-1', 'registry')).toBe(false);
  });

  it('drops instances matching any exclude pattern, even when included', () => {
    const filter = createInstanceFilter({ ...none, includeIds: ['^cri-'], excludeIds: ['-test$'], excludeNames: ['^tmp'] });
    expect(filter.accepts('cri-a', 'prod')).toBe(true);
    expect(filter.accepts('cri-a-test', 'prod')).toBe(false);
    expect(filter.accepts('cri-b', 'tmp-build')).toBe(false);
  });
});
