import openapi from '@alicloud/openapi-core';
import { describe, expect, it } from '@jest/globals';
import {
  acs3Signature,
  acsEncode,
  canonicalQuery,
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  stringToSign,
} from '../../src/simulator/acs3-signature.js';

describe('acsEncode', () => {
  it("escapes ! ' ( ) * and everything encodeURIComponent escapes", () => {
    expect(acsEncode("a b!'()*~-_.é/")).toBe('a%20b%21%27%28%29%2A~-_.%C3%A9%2F');
  });
});

describe('canonicalQuery', () => {
  it('sorts decoded pairs by key and encodes keys and values', () => {
    expect(canonicalQuery([['PageSize', '100'], ['InstanceId', 'cri-(1)'], ['Empty', '']])).toBe('Empty=&InstanceId=cri-%281%29&PageSize=100');
  });
});

describe('parseAuthorization', () => {
  it('reads the algorithm, key, signed headers and signature', () => {
    expect(parseAuthorization('ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-date,Signature=abc')).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'AK1',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'abc',
    });
  });

  it('returns undefined when a field is missing', () => {
    expect(parseAuthorization('ACS3-HMAC-SHA256 Credential=AK1,Signature=abc')).toBeUndefined();
    expect(parseAuthorization('garbage')).toBeUndefined();
  });
});

describe('signature', () => {
  it("matches the real client's Authorization for the same request", () => {
    const query = { InstanceId: "cri-x!'()*", PageNo: '2', Name: 'a b+é' };
    const headers: Record<string, string> = {
      host: '127.0.0.1:8080',
      'x-acs-action': 'ListArtifactSubscriptionTask',
      'x-acs-version': '2018-12-01',
      'x-acs-date': '2024-01-02T03:04:05Z',
      'x-acs-signature-nonce': 'nonce-1',
      'x-acs-content-sha256': sha256Hex(''),
      'user-agent': 'test',
    };
    const clientAuthorization = openapi.OpenApiUtil.getAuthorization(
      { method: 'GET', pathname: '/', query, headers } as never,
      'ACS3-HMAC-SHA256',
      sha256Hex(''),
      'AK1',
      'secret-1',
    );
    const parsed = parseAuthorization(clientAuthorization);

    const ours = acs3Signature(
      stringToSign(
        canonicalRequest({
          method: 'GET',
          rawPath: '/',
          // What the server decodes from the wire.
          query: Object.entries(query),
          headers,
          signedHeaders: parsed?.signedHeaders ?? [],
          payloadHash: sha256Hex(''),
        }),
      ),
      'secret-1',
    );

    expect(parsed?.signedHeaders).toEqual(['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']);
    expect(ours).toBe(parsed?.signature);
  });
});
