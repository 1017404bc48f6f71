import { describe, expect, it } from '@jest/globals';
import { labelValue } from '../../src/collector/task-labels.js';

describe('labelValue', () => {
  it('keeps a value as sent, trimmed', () => {
    expect(labelValue('RUNNING')).toBe('RUNNING');
    expect(labelValue('  FAILED ')).toBe('FAILED');
    expect(labelValue('someNewStatus')).toBe('someNewStatus');
  });

  it('turns an empty or blank value into NONE', () => {
    expect(labelValue('')).toBe('NONE');
    expect(labelValue('   ')).toBe('NONE');
  });
});
