import { describe, expect, it } from '@jest/globals';
import { parseSettingText } from '../../src/config/parse-setting-text.js';

describe('parseSettingText', () => {
  it('splits lists on commas, trimming and dropping empty items', () => {
    expect(parseSettingText({ kind: 'list' }, ' RUNNING, PENDING,,')).toEqual(['RUNNING', 'PENDING']);
    expect(parseSettingText({ kind: 'list' }, '')).toEqual([]);
  });

  it('keeps commas inside regex groups, quantifiers and classes', () => {
    expect(parseSettingText({ kind: 'regex-list' }, '^cri-[a-z]{2,4}$,(a|b,c),[,(],x\\,y')).toEqual(['^cri-[a-z]{2,4}$', '(a|b,c)', '[,(]', 'x\\,y']);
  });

  it('turns region ids into regions that discover their instances', () => {
    expect(parseSettingText({ kind: 'regions' }, 'cn-hangzhou,cn-shanghai')).toEqual([{ id: 'cn-hangzhou' }, { id: 'cn-shanghai' }]);
  });

  it('leaves scalar text for the schema to judge', () => {
    expect([parseSettingText({ kind: 'integer' }, ' 4'), parseSettingText({ kind: 'duration' }, '30s')]).toEqual([' 4', '30s']);
  });
});
