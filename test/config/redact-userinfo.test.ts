import { describe, expect, it } from '@jest/globals';
import { redactUserinfo, redactUserinfoIn } from '../../src/config/redact-userinfo.js';

describe('redactUserinfo', () => {
  it.each([
    ['https://ak:secret@cr.example.com', 'https://<redacted>@cr.example.com'],
    ['ak:secret@cr.example.com:8080', '<redacted>@cr.example.com:8080'],
    ['token@host', '<redacted>@host'],
    ['cr.cn-hangzhou.aliyuncs.com', 'cr.cn-hangzhou.aliyuncs.com'],
    ['http://host/path@v1', 'http://host/path@v1'],
  ])('%s -> %s', (text, redacted) => {
    expect(redactUserinfo(text)).toBe(redacted);
  });

  it('redacts strings at any depth', () => {
    expect(redactUserinfoIn({ a: ['x:y@h'], b: { c: 'u@h', d: 3 } })).toEqual({ a: ['<redacted>@h'], b: { c: '<redacted>@h', d: 3 } });
  });
});
