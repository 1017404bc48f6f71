import { describe, expect, it } from '@jest/globals';
import { describeCredentialProvider, maskAccessKeyId } from '../../src/doctor/credential-provider.js';

describe('describeCredentialProvider', () => {
  it.each([
    ['default/env', false, 'default chain > environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET'],
    ['default/env', true, 'default chain > environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, with an STS security token'],
    ['default/oidc_role_arn', true, 'default chain > OIDC role (ACK RRSA, ALIBABA_CLOUD_OIDC_TOKEN_FILE)'],
    ['default/cli_profile/static_ak', false, 'default chain > aliyun CLI profile (~/.aliyun/config.json) > access key'],
    ['default/profile/static_sts', true, 'default chain > credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials) > STS token'],
    ['default/ecs_ram_role', true, 'default chain > ECS RAM role (instance metadata)'],
    ['default/credential_uri', true, 'default chain > credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI), with an STS security token'],
    ['ram_role_arn/static_ak', true, 'RAM role (STS AssumeRole) > access key'],
    ['static_ak', false, 'access key'],
  ])('names %s (token %s) as "%s"', (providerName, hasToken, expected) => {
    expect(describeCredentialProvider(providerName, hasToken)).toBe(expected);
  });

  it('shows an unknown provider segment as it is, and a missing name as unnamed', () => {
    expect(describeCredentialProvider('default/future_provider', false)).toBe('default chain > future_provider');
    expect(describeCredentialProvider(undefined, false)).toBe('unnamed provider');
  });
});

describe('maskAccessKeyId', () => {
  it('keeps the first and last four characters of a long id', () => {
    expect(maskAccessKeyId('LTAI5tSimulatorDemoKey01')).toBe('LTAI****ey01');
    expect(maskAccessKeyId('STS.NUgYrLnoC37mZZCNnAbez2EEa')).toBe('STS.****2EEa');
  });

  it('shows nothing of an id too short to hide', () => {
    expect(maskAccessKeyId('LTAI5tShort')).toBe('****');
    expect(maskAccessKeyId('')).toBe('****');
  });

  it('never shows more than eight characters of the id', () => {
    const id = 'LTAI5tAbCdEfGhIjKlMnOpQr';
    const masked = maskAccessKeyId(id);
    expect(masked.replace('****', '').length).toBe(8);
    expect(masked).not.toContain(id.slice(4, 8));
  });
});
