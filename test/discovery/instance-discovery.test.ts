import { describe, expect, it } from '@jest/globals';
import type { Instance } from '../../src/model/instance.js';
import { ManualClock } from '../../src/clock.js';
import type { DiscoveryConfig, RegionConfig } from '../../src/config/types.js';
import { InstanceDiscovery, type InstanceLister } from '../../src/discovery/instance-discovery.js';
import { shardOf } from '../../src/discovery/shard.js';

const discoveryConfig: DiscoveryConfig = {
  refreshInterval: 600_000,
  instanceStatuses: ['RUNNING'],
  includeIds: [],
  excludeIds: [],
  includeNames: [],
  excludeNames: ['^scratch'],
};

function instance(regionId: string, instanceId: string, instanceStatus = 'RUNNING', instanceName = `name-${instanceId}`): Instance {
  return { instanceId, instanceName, instanceSpecification: 'Enterprise_Basic', instanceStatus, regionId };
}

/** A ListInstance fake: pages per region, a call log, and a switch to fail. */
class FakeLister implements InstanceLister {
  calls: { region: string; instanceStatus: string | undefined }[] = [];
  failing = new Set<string>();
  constructor(public pages: Record<string, Instance[][]>) {}
  async *listInstances(region: string, options?: { instanceStatus?: string }): AsyncGenerator<Instance[]> {
    this.calls.push({ region, instanceStatus: options?.instanceStatus });
    if (this.failing.has(region)) throw new Error(`ListInstance ${region} failed`);
    for (const page of this.pages[region] ?? []) yield page;
  }
}

const region = (id: string, instances?: string[]): RegionConfig => ({ id, endpoint: `cr.${id}.aliyuncs.com`, protocol: 'https', instances });

describe('InstanceDiscovery', () => {
  it('lists every page of every discovery region, keeps RUNNING instances and applies the filters', async () => {
    const lister = new FakeLister({
      'cn-hangzhou': [[instance('cn-hangzhou', 'cri-b'), instance('cn-hangzhou', 'cri-a')], [instance('cn-hangzhou', 'cri-c', 'STOPPED')]],
      'cn-shanghai': [[instance('cn-shanghai', 'cri-d'), instance('cn-shanghai', 'cri-e', 'RUNNING', 'scratch-1')]],
    });
    const discovery = new InstanceDiscovery({
      regions: [region('cn-hangzhou'), region('cn-shanghai')],
      discovery: discoveryConfig,
      shard: { index: 0, total: 1 },
      lister,
      clock: new ManualClock(0),
    });

    const result = await discovery.discover();

    expect(result.targets.map((t) => `${t.region}/${t.instanceId}`)).toEqual(['cn-hangzhou/cri-a', 'cn-hangzhou/cri-b', 'cn-shanghai/cri-d']);
    expect(result.targets[0]?.info).toEqual({ instanceName: 'name-cri-a', instanceSpecification: 'Enterprise_Basic', instanceStatus: 'RUNNING' });
    expect(lister.calls).toEqual([
      { region: 'cn-hangzhou', instanceStatus: 'RUNNING' },
      { region: 'cn-shanghai', instanceStatus: 'RUNNING' },
    ]);
    expect(result.failures).toEqual([]);
  });

  it('uses a static instance list without calling ListInstance', async () => {
    const lister = new FakeLister({});
    const discovery = new InstanceDiscovery({
      regions: [region('cn-beijing', ['cri-x', 'cri-y'])],
      discovery: discoveryConfig,
      shard: { index: 0, total: 1 },
      lister,
      clock: new ManualClock(0),
    });
    const result = await discovery.discover();
    expect(result.targets).toEqual([
      { region: 'cn-beijing', instanceId: 'cri-x', info: undefined },
      { region: 'cn-beijing', instanceId: 'cri-y', info: undefined },
    ]);
    expect(lister.calls).toEqual([]);
  });

  it('lists again only after refreshInterval, and keeps the last good list when ListInstance fails', async () => {
    const clock = new ManualClock(0);
    const lister = new FakeLister({ 'cn-hangzhou': [[instance('cn-hangzhou', 'cri-a')]] });
    const discovery = new InstanceDiscovery({
      regions: [region('cn-hangzhou')],
      discovery: discoveryConfig,
      shard: { index: 0, total: 1 },
      lister,
      clock,
    });

    await discovery.discover();
    await clock.advance(599_999);
    await discovery.discover();
    expect(lister.calls).toHaveLength(1);

    await clock.advance(1);
    lister.failing.add('cn-hangzhou');
    const afterFailure = await discovery.discover();
    expect(lister.calls).toHaveLength(2);
    expect(afterFailure.targets.map((t) => t.instanceId)).toEqual(['cri-a']);
    expect(afterFailure.failures.map((f) => f.region)).toEqual(['cn-hangzhou']);

    lister.failing.clear();
    lister.pages['cn-hangzhou'] = [[instance('cn-hangzhou', 'cri-z')]];
    const recovered = await discovery.discover();
    expect(recovered.targets.map((t) => t.instanceId)).toEqual(['cri-z']);
  });

  it('keeps only the instances its shard owns, while counting all it discovered', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `cri-${i}`);
    const lister = new FakeLister({ 'cn-hangzhou': [ids.map((id) => instance('cn-hangzhou', id))] });
    const owned = await Promise.all(
      [0, 1, 2].map(async (index) => {
        const discovery = new InstanceDiscovery({
          regions: [region('cn-hangzhou')],
          discovery: discoveryConfig,
          shard: { index, total: 3 },
          lister,
          clock: new ManualClock(0),
        });
        const result = await discovery.discover();
        expect(result.discoveredCount).toBe(40);
        return result.targets.map((t) => t.instanceId);
      }),
    );
    expect(owned.flat().sort()).toEqual([...ids].sort());
    owned.forEach((mine, index) => mine.forEach((id) => expect(shardOf(id, 3)).toBe(index)));
  });
});

describe('InstanceDiscovery with a region listed once per role', () => {
  const ROLE_A = 'acs:ram::1111111111111111:role/reader';
  const ROLE_B = 'acs:ram::2222222222222222:role/reader';
  const withRole = (arn: string, instances?: string[]): RegionConfig => ({
    ...region('cn-hangzhou', instances),
    role: { arn, sessionName: 'acr-subscription-exporter', externalId: undefined, durationSeconds: 3600 },
  });

  /** ListInstance per role: what each account's key sees of the region. */
  class RoleLister implements InstanceLister {
    calls: (string | undefined)[] = [];
    failing = new Set<string | undefined>();
    constructor(private readonly byRole: Map<string | undefined, Instance[]>) {}
    async *listInstances(_: string, options?: { instanceStatus?: string; roleArn?: string | undefined }): AsyncGenerator<Instance[]> {
      this.calls.push(options?.roleArn);
      if (this.failing.has(options?.roleArn)) throw new Error(`AssumeRole ${options?.roleArn} failed`);
      yield this.byRole.get(options?.roleArn) ?? [];
    }
  }

  it('lists each entry with its role, caches each entry apart, and keeps the last good list of a failing entry only', async () => {
    const lister = new RoleLister(
      new Map([
        [undefined, [instance('cn-hangzhou', 'cri-own')]],
        [ROLE_A, [instance('cn-hangzhou', 'cri-a')]],
        [ROLE_B, [instance('cn-hangzhou', 'cri-b')]],
      ]),
    );
    const clock = new ManualClock(0);
    const discovery = new InstanceDiscovery({
      regions: [region('cn-hangzhou'), withRole(ROLE_A), withRole(ROLE_B)],
      discovery: discoveryConfig,
      shard: { index: 0, total: 1 },
      lister,
      clock,
    });

    const first = await discovery.discover();
    const cached = await discovery.discover();
    await clock.advance(600_000);
    lister.failing.add(ROLE_B);
    const afterFailure = await discovery.discover();

    expect(first.targets.map((t) => [t.instanceId, t.roleArn])).toEqual([
      ['cri-a', ROLE_A],
      ['cri-b', ROLE_B],
      ['cri-own', undefined],
    ]);
    expect(cached.targets).toEqual(first.targets);
    expect(lister.calls).toEqual([undefined, ROLE_A, ROLE_B, undefined, ROLE_A, ROLE_B]);
    expect(afterFailure.targets).toEqual(first.targets);
    expect(afterFailure.failures.map((failure) => [failure.region, failure.roleArn])).toEqual([['cn-hangzhou', ROLE_B]]);
  });

  it('collects an instance two entries see (two roles of one account) once, through the first entry', async () => {
    const ROLE_A2 = 'acs:ram::1111111111111111:role/other-reader';
    const shared = [instance('cn-hangzhou', 'cri-a')];
    const discovery = new InstanceDiscovery({
      regions: [withRole(ROLE_A), withRole(ROLE_A2, ['cri-a'])],
      discovery: discoveryConfig,
      shard: { index: 0, total: 1 },
      lister: new RoleLister(new Map([[ROLE_A, shared]])),
      clock: new ManualClock(0),
    });

    const result = await discovery.discover();

    expect(result.targets.map((t) => [t.instanceId, t.roleArn])).toEqual([['cri-a', ROLE_A]]);
    expect(result.discoveredCount).toBe(1);
  });
});
