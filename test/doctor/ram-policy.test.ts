import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACTIONS, RAM_PERMISSIONS } from '../../src/api/actions.js';
import { fullRamPolicy, instanceArn, minimalRamPolicy } from '../../src/doctor/ram-policy.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('minimalRamPolicy', () => {
  it('is undefined when nothing was denied', () => {
    expect(minimalRamPolicy([])).toBeUndefined();
  });

  it('grants instance-scoped actions on the instances they were denied on, sharing a statement per resource set', () => {
    const policy = minimalRamPolicy([
      { action: 'ListArtifactSubscriptionRule', region: 'cn-hangzhou', instanceId: 'cri-b' },
      { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-b' },
      { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-b' },
      { action: 'GetArtifactSubscriptionTaskResult', region: 'cn-shanghai', instanceId: 'cri-c' },
    ]);

    expect(policy).toEqual({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['cr:ListArtifactSubscriptionTask', 'cr:ListArtifactSubscriptionRule'], Resource: 'acs:cr:cn-hangzhou:*:instance/cri-b' },
        { Effect: 'Allow', Action: ['cr:GetArtifactSubscriptionTaskResult'], Resource: 'acs:cr:cn-shanghai:*:instance/cri-c' },
      ],
    });
  });

  it('lists several instances of one action as a Resource list, sorted', () => {
    const policy = minimalRamPolicy([
      { action: 'ListArtifactSubscriptionTask', region: 'cn-shanghai', instanceId: 'cri-z' },
      { action: 'ListArtifactSubscriptionTask', region: 'cn-hangzhou', instanceId: 'cri-a' },
    ]);

    expect(policy?.Statement).toEqual([
      { Effect: 'Allow', Action: ['cr:ListArtifactSubscriptionTask'], Resource: ['acs:cr:cn-hangzhou:*:instance/cri-a', 'acs:cr:cn-shanghai:*:instance/cri-z'] },
    ]);
  });

  it('grants ListInstance on "*": it has no resource type', () => {
    const policy = minimalRamPolicy([
      { action: 'ListInstance', region: 'cn-hangzhou' },
      { action: 'ListInstance', region: 'cn-shanghai' },
    ]);

    expect(policy?.Statement).toEqual([{ Effect: 'Allow', Action: ['cr:ListInstance'], Resource: '*' }]);
  });

  it('names exactly the RAM actions of the denied API actions', () => {
    for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) {
      const policy = minimalRamPolicy([{ action, region: 'cn-hangzhou', instanceId: 'cri-a' }]);
      expect(policy?.Statement.flatMap((statement) => statement.Action)).toEqual([RAM_PERMISSIONS[action].ramAction]);
    }
  });
});

describe('instanceArn', () => {
  it('is the Container Registry instance ARN for any account', () => {
    expect(instanceArn('cn-hangzhou', 'cri-abc')).toBe('acs:cr:cn-hangzhou:*:instance/cri-abc');
  });
});

describe("the README's RAM policy", () => {
  it('is the policy the code builds from the action table', () => {
    const readme = readFileSync(README, 'utf8');
    const section = readme.slice(readme.indexOf('## Credentials and the RAM policy'));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];

    expect(block).toBeDefined();
    expect(JSON.parse(block ?? '')).toEqual(fullRamPolicy());
  });

  it('grants every action the exporter calls', () => {
    expect(fullRamPolicy().Statement[0]?.Action).toEqual(Object.keys(ACTIONS).map((action) => `cr:${action}`));
  });
});
