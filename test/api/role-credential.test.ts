/**
 * The credential of a region entry with a role, against the simulated STS over HTTPS: how often
 * it really calls AssumeRole (the README's advice on durationSeconds rests on these counts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { credentialOf, ramRoleProvider } from '../../src/api/role-credential.js';
import type { RegionRole } from '../../src/config/schema.js';
import { startSimulator, type RunningSimulator, type SimRole } from '../../src/simulator/index.js';
import { trustStsCa } from '../support/sts-trust.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';

const BASE_KEY = { accessKeyId: 'LTAI-base', accessKeySecret: 'base-secret' };
const ROLE: SimRole = { arn: 'acs:ram::1111111111111111:role/reader', trustedAccounts: ['9000000000000009'], maxSessionDurationSeconds: 43_200 };

describe('role credential (AssumeRole through @alicloud/credentials)', () => {
  let ca: TestCa;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    ca = createTestCa();
    const { cert, key } = ca.issue('sts');
    simulator = await startSimulator({
      dataset: { regions: [] },
      credentials: [{ ...BASE_KEY, account: '9000000000000009' }],
      sts: { tls: { cert: readPem(cert), key: readPem(key) }, roles: [ROLE] },
    });
  });
  afterAll(async () => {
    await simulator.close();
    ca.remove();
  });
  beforeEach(() => simulator.requests.clear());

  function roleCredential(durationSeconds: number) {
    const base = new credentials.default(new credentials.Config({ type: 'access_key', ...BASE_KEY }));
    const role: RegionRole = { arn: ROLE.arn, sessionName: 'test', externalId: undefined, durationSeconds };
    const provider = ramRoleProvider(base, role, { stsEndpoint: simulator.sts?.endpoint ?? '', connectTimeoutMs: 2_000, readTimeoutMs: 2_000 });
    return credentialOf(trustStsCa(provider, readPem(ca.caCert)));
  }

  it('assumes the role once for concurrent first calls and keeps the key for later ones', async () => {
    const credential = roleCredential(3600);

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => credential.getCredential()));
    for (let call = 0; call < 5; call += 1) await credential.getCredential();

    expect(new Set(concurrent.map((key) => key.accessKeyId)).size).toBe(1);
    expect(concurrent[0]?.securityToken).toMatch(/^CAIS/);
    expect(simulator.requests.count({ action: 'AssumeRole' })).toBe(1);
  });

  it.each([
    [900, 10],
    [1000, 1],
    [1800, 1],
  ])('with durationSeconds %i, 10 calls assume the role %i time(s): the key is renewed 15 minutes before it expires', async (durationSeconds, assumed) => {
    const credential = roleCredential(durationSeconds);

    for (let call = 0; call < 10; call += 1) await credential.getCredential();

    expect(simulator.requests.count({ action: 'AssumeRole', code: 'success' })).toBe(assumed);
  });
});
