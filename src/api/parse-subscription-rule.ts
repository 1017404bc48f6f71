import type { SubscriptionRule } from '../model/subscription-rule.js';
import { isRawObject, readBoolean, readCount, readEpochMs, readString, readStringList } from './raw-fields.js';

/**
 * Validates one raw entry of ListArtifactSubscriptionRule's `Rules`. An entry without a RuleId is
 * dropped (undefined); unreadable counts and times become undefined.
 */
export function parseSubscriptionRule(raw: unknown): SubscriptionRule | undefined {
  if (!isRawObject(raw)) return undefined;
  const ruleId = readString(raw['RuleId']).trim();
  if (ruleId === '') return undefined;
  return {
    ruleId,
    instanceId: readString(raw['InstanceId']),
    namespaceName: readString(raw['NamespaceName']),
    repoName: readString(raw['RepoName']),
    sourceProvider: readString(raw['SourceProvider']),
    sourceNamespaceName: readString(raw['SourceNamespaceName']),
    sourceRepoName: readString(raw['SourceRepoName']),
    tagRegexp: readString(raw['TagRegexp']),
    tagCount: readCount(raw['TagCount']).value,
    platform: readStringList(raw['Platform']),
    override: readBoolean(raw['Override']),
    accelerate: readBoolean(raw['Accelerate']),
    createTimeMs: readEpochMs(raw['CreateTime']).value,
    modifiedTimeMs: readEpochMs(raw['ModifiedTime']).value,
  };
}
