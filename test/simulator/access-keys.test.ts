import { describe, expect, it } from '@jest/globals';
import { AccessKeys } from '../../src/simulator/access-keys.js';
import { DEFAULT_SIM_ACCOUNT } from '../../src/simulator/index.js';

const NOW = Date.parse('2026-11-30T08:00:00Z');

function codeOf(action: () => void): string {
  try {
    action();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('AccessKeys', () => {
  it('gives a configured key its account, or the default one', () => {
    const keys = new AccessKeys([{ accessKeyId: 'a', accessKeySecret: 's' }, { accessKeyId: 'b', accessKeySecret: 's', account: '42' }]);

    expect([keys.require('a').account, keys.require('b').account]).toEqual([DEFAULT_SIM_ACCOUNT, '42']);
    expect(codeOf(() => keys.require('nope'))).toBe('InvalidAccessKeyId.NotFound');
  });

  it('accepts an issued key with its token until it expires, and refuses it from then on', () => {
    const keys = new AccessKeys([]);
    const issued = keys.issue('42', 'acs:ram::42:role/r', NOW + 900_000);
    const key = keys.require(issued.accessKeyId);

    expect(key.account).toBe('42');
    expect(codeOf(() => keys.checkToken(key, issued.securityToken, NOW + 899_999))).toBe('accepted');
    expect(codeOf(() => keys.checkToken(key, issued.securityToken, NOW + 900_000))).toBe('InvalidSecurityToken.Expired');
  });

  it('does not check a token sent with a configured key (STS-shaped keys configured as key pairs)', () => {
    const keys = new AccessKeys([{ accessKeyId: 'a', accessKeySecret: 's' }]);

    expect(codeOf(() => keys.checkToken(keys.require('a'), 'CAISsomething', NOW))).toBe('accepted');
    expect(codeOf(() => keys.checkToken(keys.require('a'), undefined, NOW))).toBe('accepted');
  });
});
