import type { SubscriptionTaskTagResult } from '../model/task-tag-result.js';
import { isRawObject, readEpochMs, readString } from './raw-fields.js';

/**
 * Validates one raw entry of GetArtifactSubscriptionTaskResult's `TaskResults`. Every field is
 * optional; an entry that is not an object is dropped (undefined).
 */
export function parseTaskTagResult(raw: unknown): SubscriptionTaskTagResult | undefined {
  if (!isRawObject(raw)) return undefined;
  return {
    tag: readString(raw['Tag']),
    status: readString(raw['Status']),
    result: readString(raw['Result']),
    startTimeMs: readEpochMs(raw['StartTime']).value,
    endTimeMs: readEpochMs(raw['EndTime']).value,
    namespaceName: readString(raw['NamespaceName']),
    repoName: readString(raw['RepoName']),
  };
}
