import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import {
  startSimulator,
  staticTaskSource,
  STS_ACCESS_KEY_PREFIX,
  type RawInstance,
  type RunningSimulator,
  type SimCredential,
  type SimInstance,
  type SimRole,
} from '../../src/simulator/index.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';
import { trustStsCa } from '../support/sts-trust.js';
import { callApi, callFailure } from './sim-client.js';

const EXPORTER_ACCOUNT = '9000000000000009';
const ACCOUNT_A = '1111111111111111';
const ACCOUNT_B = '2222222222222222';
const BASE_KEY: SimCredential = { accessKeyId: 'LTAI-exporter', accessKeySecret: 'exporter-secret', account: EXPORTER_ACCOUNT };
const ROLE_A: SimRole = { arn: `acs:ram::${ACCOUNT_A}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT] };
const ROLE_B: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT], externalId: 'ext-b', maxSessionDurationSeconds: 7200 };
const UNTRUSTING_ROLE: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/not-for-you`, trustedAccounts: [ACCOUNT_A] };

function unexpected(): never {
  throw new Error('expected AssumeRole to fail, but it succeeded');
}

function instance(id: string, account: string): SimInstance {
  const raw: RawInstance = { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: 'cn-hangzhou' };
  return { instance: raw, account, rules: [], tasks: staticTaskSource([]) };
}

describe('the simulated STS (AssumeRole over HTTPS) and accounts', () => {
  let ca: TestCa;
  let sim: RunningSimulator;
  let stsEndpoint: string;

  beforeAll(async () => {
    ca = createTestCa();
    const { cert, key } = ca.issue('sts');
    sim = await startSimulator({
      dataset: { regions: [{ id: 'cn-hangzhou', instances: [instance('cri-a', ACCOUNT_A), instance('cri-b', ACCOUNT_B)] }] },
      credentials: [BASE_KEY],
      sts: { tls: { cert: readPem(cert), key: readPem(key) }, roles: [ROLE_A, ROLE_B, UNTRUSTING_ROLE] },
    });
    stsEndpoint = sim.sts?.endpoint ?? '';
  });
  afterAll(async () => {
    await sim.close();
    ca.remove();
  });

  /** The library's RAM-role provider, signing AssumeRole with `base`, trusting the test CA. */
  function roleProvider(role: SimRole, options: { base?: SimCredential; externalId?: string; durationSeconds?: number } = {}) {
    const base = options.base ?? BASE_KEY;
    let builder = credentials.RAMRoleARNCredentialsProvider.builder()
      .withCredentialsProvider(credentials.StaticAKCredentialsProvider.builder().withAccessKeyId(base.accessKeyId).withAccessKeySecret(base.accessKeySecret).build())
      .withRoleArn(role.arn)
      .withRoleSessionName('sts-test')
      .withDurationSeconds(options.durationSeconds ?? 3600)
      .withStsEndpoint(stsEndpoint);
    if (options.externalId !== undefined) builder = builder.withExternalId(options.externalId);
    return trustStsCa(builder.build(), readPem(ca.caCert));
  }

  async function assume(role: SimRole, options: Parameters<typeof roleProvider>[1] = {}) {
    const key = await roleProvider(role, options).getCredentials();
    return { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, securityToken: key.securityToken };
  }

  it('issues an STS key of the role account, which lists that account\'s instances only', async () => {
    sim.requests.clear();

    const key = await assume(ROLE_A);
    const listed = await callApi(sim.endpoint('cn-hangzhou'), key, 'ListInstance', { PageNo: 1, PageSize: 30 });

    expect(key.accessKeyId.startsWith(STS_ACCESS_KEY_PREFIX)).toBe(true);
    expect((listed.body['Instances'] as RawInstance[]).map((entry) => entry.InstanceId)).toEqual(['cri-a']);
    expect(sim.requests.entries.map(({ action, region, code, account, accessKeyId }) => ({ action, region, code, account, accessKeyId }))).toEqual([
      { action: 'AssumeRole', region: 'sts', code: 'success', account: ACCOUNT_A, accessKeyId: BASE_KEY.accessKeyId },
      { action: 'ListInstance', region: 'cn-hangzhou', code: 'success', account: ACCOUNT_A, accessKeyId: key.accessKeyId },
    ]);
    expect(sim.sts?.issued().map((issued) => [issued.accessKeyId, issued.account, issued.roleArn])).toContainEqual([key.accessKeyId, ACCOUNT_A, ROLE_A.arn]);
  });

  it("answers 403 NoPermission when a key calls another account's instance", async () => {
    const key = await assume(ROLE_A);

    const own = await callApi(sim.endpoint('cn-hangzhou'), key, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-a' });
    const foreign = await callFailure(callApi(sim.endpoint('cn-hangzhou'), key, 'ListArtifactSubscriptionTask', { InstanceId: 'cri-b' }));

    expect(own.body['IsSuccess']).toBe(true);
    expect(foreign).toMatchObject({ statusCode: 403, code: 'NoPermission' });
    expect(foreign.message).toContain('cri-b');
  });

  it('requires the issued SecurityToken with an STS key, and only its own', async () => {
    const key = await assume(ROLE_A);
    const other = await assume(ROLE_B, { externalId: 'ext-b' });

    const missing = await callFailure(callApi(sim.endpoint('cn-hangzhou'), { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret }, 'ListInstance'));
    const mismatched = await callFailure(callApi(sim.endpoint('cn-hangzhou'), { ...key, securityToken: other.securityToken }, 'ListInstance'));

    expect(missing).toMatchObject({ statusCode: 400, code: 'InvalidSecurityToken.Missing' });
    expect(mismatched).toMatchObject({ statusCode: 400, code: 'InvalidSecurityToken.MismatchWithAccessKey' });
  });

  it('checks the ExternalId the trust policy requires', async () => {
    const wrong = await roleProvider(ROLE_B, { externalId: 'guess' }).getCredentials().then(unexpected, (error: unknown) => error as Error);
    const right = await assume(ROLE_B, { externalId: 'ext-b', durationSeconds: 7200 });

    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error).message).toContain('"Code":"NoPermission"');
    expect((wrong as Error).message).toContain('ExternalId');
    expect(right.accessKeyId.startsWith(STS_ACCESS_KEY_PREFIX)).toBe(true);
  });

  it.each([
    ['a role whose trust policy does not name the caller', UNTRUSTING_ROLE, 'NoPermission'],
    ['a role that does not exist', { arn: `acs:ram::${ACCOUNT_A}:role/missing`, trustedAccounts: [] }, 'EntityNotExist.Role'],
  ])('refuses %s with the STS error code in the provider\'s error', async (_, role, code) => {
    sim.requests.clear();

    const error = await roleProvider(role).getCredentials().then(unexpected, (caught: unknown) => caught as Error);

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^refresh session token failed: /);
    expect(error.message).toContain(`"Code":"${code}"`);
    expect(sim.requests.count({ action: 'AssumeRole', code })).toBe(1);
  });

  it('refuses DurationSeconds beyond the role maximum', async () => {
    const error = await roleProvider(ROLE_A, { durationSeconds: 3601 }).getCredentials().then(unexpected, (caught: unknown) => caught as Error);

    expect(error.message).toContain('"Code":"InvalidParameter.DurationSeconds"');
  });

  it('verifies the HMAC-SHA1 signature with the string to sign the library computed (the library recognises it)', async () => {
    const error = await roleProvider(ROLE_A, { base: { ...BASE_KEY, accessKeySecret: 'not-the-secret' } })
      .getCredentials()
      .then(unexpected, (caught: unknown) => caught as Error);

    // The provider says this only when the server's string to sign equals its own: same canonical form, wrong secret.
    expect(error.message).toBe('the access key secret is invalid');
  });

  it('lets an issued key assume another role (role chaining) when that role trusts its account', async () => {
    const key = await assume(ROLE_A);
    const chainingBase = credentials.StaticSTSCredentialsProvider.builder()
      .withAccessKeyId(key.accessKeyId)
      .withAccessKeySecret(key.accessKeySecret)
      .withSecurityToken(key.securityToken)
      .build();
    const provider = credentials.RAMRoleARNCredentialsProvider.builder()
      .withCredentialsProvider(chainingBase)
      .withRoleArn(UNTRUSTING_ROLE.arn) // trusts ACCOUNT_A, the account of the first role
      .withRoleSessionName('chain')
      .withStsEndpoint(stsEndpoint)
      .build();

    const second = await trustStsCa(provider, readPem(ca.caCert)).getCredentials();
    const listed = await callApi(sim.endpoint('cn-hangzhou'), second, 'ListInstance');

    expect((listed.body['Instances'] as RawInstance[]).map((entry) => entry.InstanceId)).toEqual(['cri-b']);
  });
});
