import { describe, expect, it } from '@jest/globals';
import { RegionEntries } from '../../src/api/region-entries.js';
import type { RegionConfig } from '../../src/config/types.js';
import { regionEntryKey } from '../../src/discovery/instance-target.js';

const ROLE_A = 'acs:ram::1111111111111111:role/reader';
const ROLE_B = 'acs:ram::2222222222222222:role/reader';

function entry(id: string, roleArn?: string, instances?: string[]): RegionConfig {
  const role = roleArn === undefined ? undefined : { arn: roleArn, sessionName: 's', externalId: undefined, durationSeconds: 3600 };
  return { id, endpoint: `cr.${id}.aliyuncs.com`, protocol: 'https', instances, role };
}

/** The role of the entry a target resolves to, or the reason there is none. */
function roleOf(entries: RegionEntries, target: Parameters<RegionEntries['resolve']>[0]): string | undefined {
  const resolved = entries.resolve(target);
  return typeof resolved === 'string' ? `refused: ${resolved}` : resolved.entry.role?.arn;
}

describe('RegionEntries', () => {
  it('routes a call naming its role to that entry, and refuses a role the region does not have', () => {
    const entries = new RegionEntries([entry('cn-hangzhou'), entry('cn-hangzhou', ROLE_A)]);

    expect(roleOf(entries, { region: 'cn-hangzhou', roleArn: ROLE_A })).toBe(ROLE_A);
    expect(roleOf(entries, { region: 'cn-hangzhou', roleArn: ROLE_B })).toBe(`refused: region has no entry with roleArn ${ROLE_B}`);
    expect(roleOf(entries, { region: 'cn-beijing' })).toBe('refused: region is not configured (configured: cn-hangzhou)');
  });

  it("routes an instance's call through the entry that listed it: statically, or with ListInstance", () => {
    const entries = new RegionEntries([entry('cn-hangzhou'), entry('cn-hangzhou', ROLE_A, ['cri-static']), entry('cn-hangzhou', ROLE_B)]);

    entries.learn(regionEntryKey('cn-hangzhou', ROLE_B), ['cri-listed']);

    expect(roleOf(entries, { region: 'cn-hangzhou', instanceId: 'cri-static' })).toBe(ROLE_A);
    expect(roleOf(entries, { region: 'cn-hangzhou', instanceId: 'cri-listed' })).toBe(ROLE_B);
    // Not listed by any entry: the entry without a role.
    expect(roleOf(entries, { region: 'cn-hangzhou', instanceId: 'cri-other' })).toBeUndefined();
  });

  it('uses the only entry of a region without asking, and refuses to guess among roles', () => {
    const single = new RegionEntries([entry('cn-hangzhou', ROLE_A)]);
    const rolesOnly = new RegionEntries([entry('cn-hangzhou', ROLE_A), entry('cn-hangzhou', ROLE_B)]);

    expect(roleOf(single, { region: 'cn-hangzhou' })).toBe(ROLE_A);
    expect(roleOf(rolesOnly, { region: 'cn-hangzhou', instanceId: 'cri-x' })).toBe(
      'refused: region has 2 entries (one per roleArn) and the call names none (instance cri-x was listed by none)',
    );
  });

  it("never routes an instance through another region's entry", () => {
    const entries = new RegionEntries([entry('cn-hangzhou', ROLE_A, ['cri-a']), entry('cn-shanghai')]);

    expect(roleOf(entries, { region: 'cn-shanghai', instanceId: 'cri-a' })).toBeUndefined();
  });
});
