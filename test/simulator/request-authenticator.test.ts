import openapi from '@alicloud/openapi-core';
import { describe, expect, it } from '@jest/globals';
import { AccessKeys } from '../../src/simulator/access-keys.js';
import { sha256Hex } from '../../src/simulator/acs3-signature.js';
import { RequestAuthenticator, type ReceivedRequest } from '../../src/simulator/request-authenticator.js';

const DATE = '2024-01-02T03:04:05Z';
const NOW = Date.parse(DATE);

/** A ListInstance request signed by openapi-core's own signer with `key`, carrying its security token. */
function signedRequest(key: { accessKeyId: string; accessKeySecret: string; securityToken: string }, nonce: string): ReceivedRequest {
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080',
    'x-acs-action': 'ListInstance',
    'x-acs-version': '2018-12-01',
    'x-acs-date': DATE,
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': sha256Hex(''),
    'x-acs-security-token': key.securityToken,
  };
  const query = { PageNo: '1' };
  headers['authorization'] = openapi.OpenApiUtil.getAuthorization({ method: 'POST', pathname: '/', query, headers } as never, 'ACS3-HMAC-SHA256', sha256Hex(''), key.accessKeyId, key.accessKeySecret);
  return { method: 'POST', rawPath: '/', query: Object.entries(query), headers, body: Buffer.alloc(0) };
}

function codeOf(action: () => unknown): string {
  try {
    action();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('RequestAuthenticator with keys STS issued', () => {
  it('accepts a call signed with an issued key and its token, as the role account', () => {
    const keys = new AccessKeys([]);
    const issued = keys.issue('1111', 'acs:ram::1111:role/r', NOW + 3_600_000);

    const key = new RequestAuthenticator(keys, () => NOW).authenticate(signedRequest(issued, 'n1'));

    expect([key.accessKeyId, key.account]).toEqual([issued.accessKeyId, '1111']);
  });

  it('covers x-acs-security-token with the signature: another token after signing does not match', () => {
    const keys = new AccessKeys([]);
    const issued = keys.issue('1111', 'acs:ram::1111:role/r', NOW + 3_600_000);
    const request = signedRequest(issued, 'n2');

    const tampered = { ...request, headers: { ...request.headers, 'x-acs-security-token': `${issued.securityToken}x` } };

    expect(codeOf(() => new RequestAuthenticator(keys, () => NOW).authenticate(tampered))).toBe('SignatureDoesNotMatch');
  });

  it('refuses a token header left out of SignedHeaders', () => {
    const keys = new AccessKeys([]);
    const issued = keys.issue('1111', 'acs:ram::1111:role/r', NOW + 3_600_000);
    const request = signedRequest(issued, 'n3');
    const authorization = String(request.headers['authorization']).replace(';x-acs-security-token', '');

    const unsigned = { ...request, headers: { ...request.headers, authorization } };

    expect(authorization).not.toContain('x-acs-security-token');
    expect(codeOf(() => new RequestAuthenticator(keys, () => NOW).authenticate(unsigned))).toBe('IncompleteSignature');
  });

  it('refuses an issued key once it expired', () => {
    const keys = new AccessKeys([]);
    const issued = keys.issue('1111', 'acs:ram::1111:role/r', NOW);

    expect(codeOf(() => new RequestAuthenticator(keys, () => NOW).authenticate(signedRequest(issued, 'n4')))).toBe('InvalidSecurityToken.Expired');
  });
});
