/**
 * Several accounts through the real stack in process: createAcrClient (openapi-core signing, ACS3
 * with x-acs-security-token) and InstanceDiscovery against the simulator, whose STS issues the
 * role keys over HTTPS (AssumeRole signed by @alicloud/credentials' RAM-role provider). The region
 * is listed three times: with the default credential, and with two roles of two accounts; a
 * fourth entry's role does not trust the exporter.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import credentials from '@alicloud/credentials';
import { Registry } from 'prom-client';
import { createAcrClient } from '../../src/api/create-acr-client.js';
import { credentialOf, ramRoleProvider, type RoleCredentialFactory } from '../../src/api/role-credential.js';
import type { RegionConfig } from '../../src/config/types.js';
import { InstanceDiscovery } from '../../src/discovery/instance-discovery.js';
import { ApiError } from '../../src/errors.js';
import { ManualClock } from '../../src/clock.js';
import { startSimulator, staticTaskSource, type RawInstance, type RunningSimulator, type SimInstance, type SimRole } from '../../src/simulator/index.js';
import { TEST_STS_ENDPOINT } from '../support/api-options.js';
import { trustStsCa } from '../support/sts-trust.js';
import { createTestCa, readPem, type TestCa } from '../support/test-ca.js';
import { METRICS } from '../../src/metric-names.js';

const REGION = 'cn-hangzhou';
const EXPORTER_ACCOUNT = '9000000000000009';
const ACCOUNT_A = '1111111111111111';
const ACCOUNT_B = '2222222222222222';
const BASE_KEY = { accessKeyId: 'LTAI-exporter', accessKeySecret: 'exporter-secret' };
const ROLE_A: SimRole = { arn: `acs:ram::${ACCOUNT_A}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT] };
const ROLE_B: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/acr-reader`, trustedAccounts: [EXPORTER_ACCOUNT] };
const DENYING_ROLE: SimRole = { arn: `acs:ram::${ACCOUNT_B}:role/not-trusting`, trustedAccounts: [] };

function instance(id: string, account: string): SimInstance {
  const raw: RawInstance = { InstanceId: id, InstanceName: id, InstanceSpecification: 'Enterprise_Basic', InstanceStatus: 'RUNNING', RegionId: REGION };
  return { instance: raw, account, rules: [], tasks: staticTaskSource([]) };
}

function roleEntry(endpoint: string, role: SimRole): RegionConfig {
  return {
    id: REGION,
    endpoint,
    protocol: 'http',
    instances: undefined,
    role: { arn: role.arn, sessionName: 'acr-subscription-exporter', externalId: undefined, durationSeconds: 3600 },
  };
}

describe('several accounts: one region listed once per role', () => {
  let ca: TestCa;
  let simulator: RunningSimulator;
  let regions: RegionConfig[];
  let roleCredential: RoleCredentialFactory;

  beforeAll(async () => {
    ca = createTestCa();
    const { cert, key } = ca.issue('sts');
    simulator = await startSimulator({
      dataset: {
        regions: [{ id: REGION, instances: [instance('cri-own', EXPORTER_ACCOUNT), instance('cri-a1', ACCOUNT_A), instance('cri-a2', ACCOUNT_A), instance('cri-b1', ACCOUNT_B)] }],
      },
      credentials: [{ ...BASE_KEY, account: EXPORTER_ACCOUNT }],
      sts: { tls: { cert: readPem(cert), key: readPem(key) }, roles: [ROLE_A, ROLE_B, DENYING_ROLE] },
    });
    const endpoint = simulator.endpoint(REGION);
    regions = [
      { id: REGION, endpoint, protocol: 'http', instances: undefined },
      roleEntry(endpoint, ROLE_A),
      roleEntry(endpoint, ROLE_B),
      roleEntry(endpoint, DENYING_ROLE),
    ];
    const caPem = readPem(ca.caCert);
    // The production factory's provider, trusting the test CA (see test/support/sts-trust.ts).
    roleCredential = (base, role, options) => credentialOf(trustStsCa(ramRoleProvider(base, role, options), caPem));
  });
  afterAll(async () => {
    await simulator.close();
    ca.remove();
  });

  function clientAndDiscovery(entries: RegionConfig[] = regions) {
    const registry = new Registry();
    const client = createAcrClient(
      {
        regions: entries,
        paging: { pageSize: 100, maxPages: 1000 },
        api: {
          connectTimeout: 2_000,
          readTimeout: 2_000,
          requestsPerSecond: 1_000,
          burst: 1_000,
          adaptive: false,
          maxConcurrentRequests: 4,
          stsEndpoint: simulator.sts?.endpoint ?? TEST_STS_ENDPOINT,
          retry: { maxAttempts: 1, initialBackoff: 20, maxBackoff: 100, maxElapsed: 5_000 },
        },
      },
      registry,
      { credential: new credentials.default(new credentials.Config({ type: 'access_key', ...BASE_KEY })), roleCredential },
    );
    const discovery = new InstanceDiscovery({
      regions: entries,
      discovery: { refreshInterval: 600_000, instanceStatuses: ['RUNNING'], includeIds: [], excludeIds: [], includeNames: [], excludeNames: [] },
      shard: { index: 0, total: 1 },
      lister: client,
      clock: new ManualClock(0),
    });
    return { client, discovery, registry };
  }

  it("discovers each account's instances through its own entry, and their calls use the keys STS issued for that account", async () => {
    simulator.requests.clear();
    const issuedBefore = simulator.sts?.issued().length ?? 0;
    const { client, discovery } = clientAndDiscovery();

    const result = await discovery.discover();
    for (const target of result.targets) {
      for await (const page of client.listSubscriptionTasks(target.region, target.instanceId)) expect(page.tasks).toEqual([]);
    }

    expect(result.targets.map(({ instanceId, roleArn }) => [instanceId, roleArn])).toEqual([
      ['cri-a1', ROLE_A.arn],
      ['cri-a2', ROLE_A.arn],
      ['cri-b1', ROLE_B.arn],
      ['cri-own', undefined],
    ]);
    const issued = simulator.sts?.issued().slice(issuedBefore) ?? [];
    // One AssumeRole per role, however many calls (and concurrent first calls) use it.
    expect(issued.map((key) => key.roleArn).sort()).toEqual([ROLE_A.arn, ROLE_B.arn]);
    const keyOf = (account: string) => issued.find((key) => key.account === account)?.accessKeyId;
    const listings = simulator.requests.entries.filter((entry) => entry.action === 'ListArtifactSubscriptionTask');
    expect(listings.map(({ instanceId, accessKeyId, code }) => [instanceId, accessKeyId, code]).sort()).toEqual([
      ['cri-a1', keyOf(ACCOUNT_A), 'success'],
      ['cri-a2', keyOf(ACCOUNT_A), 'success'],
      ['cri-b1', keyOf(ACCOUNT_B), 'success'],
      ['cri-own', BASE_KEY.accessKeyId, 'success'],
    ]);
    expect(simulator.requests.count({ action: 'AssumeRole', code: 'success' })).toBe(2);
  });

  it('reports a role STS refuses as a failure of that entry only, naming the role and the STS code', async () => {
    const { discovery, registry } = clientAndDiscovery();

    const result = await discovery.discover();

    expect(result.failures).toHaveLength(1);
    const [failure] = result.failures;
    expect(failure?.roleArn).toBe(DENYING_ROLE.arn);
    expect(failure?.error).toBeInstanceOf(ApiError);
    expect(failure?.error).toMatchObject({ kind: 'auth', code: 'CredentialError', region: REGION });
    expect((failure?.error as Error).message).toContain(`AssumeRole ${DENYING_ROLE.arn}: refresh session token failed`);
    expect((failure?.error as Error).message).toContain('NoPermission');
    expect(result.targets).toHaveLength(4);
    // Every AssumeRole in the API self-metrics, beside the calls it made possible.
    const requests = (await registry.getSingleMetric(METRICS.apiRequests.name)?.get())?.values ?? [];
    const assumeRoles = requests.filter((value) => value.labels['action'] === 'AssumeRole').map((value) => [value.labels['code'], value.value]);
    expect(assumeRoles.sort()).toEqual([
      ['NoPermission', 1],
      ['success', 2],
    ]);
    const durations = (await registry.getSingleMetric(METRICS.apiRequestDuration.name)?.get())?.values ?? [];
    expect(durations.find((value) => (value as { metricName?: string }).metricName?.endsWith('_count') && value.labels['action'] === 'AssumeRole')?.value).toBe(3);
  });

  it("sends a statically listed instance's calls through its entry; an instance no entry lists, in a region of roles only, is refused", async () => {
    simulator.requests.clear();
    const endpoint = simulator.endpoint(REGION);
    const { client } = clientAndDiscovery([
      { ...roleEntry(endpoint, ROLE_A), instances: ['cri-a1'] },
      { ...roleEntry(endpoint, ROLE_B), instances: ['cri-b1'] },
    ]);

    for (const instanceId of ['cri-b1', 'cri-a1']) for await (const page of client.listSubscriptionTasks(REGION, instanceId)) expect(page.tasks).toEqual([]);
    const unlisted = await (async () => {
      for await (const page of client.listSubscriptionTasks(REGION, 'cri-own')) expect(page).toBeUndefined();
    })().catch((error: unknown) => error);

    const calls = simulator.requests.entries.filter((entry) => entry.action === 'ListArtifactSubscriptionTask');
    expect(calls.map(({ instanceId, account, code }) => [instanceId, account, code])).toEqual([
      ['cri-b1', ACCOUNT_B, 'success'],
      ['cri-a1', ACCOUNT_A, 'success'],
    ]);
    expect(unlisted).toBeInstanceOf(ApiError);
    expect((unlisted as Error).message).toBe(
      'ListArtifactSubscriptionTask cn-hangzhou/cri-own failed: UnknownRegion: region has 2 entries (one per roleArn) and the call names none (instance cri-own was listed by none)',
    );
  });
});
