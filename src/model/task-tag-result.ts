/** The domain model of one tag's result within a subscription task. */

/** Per-tag result of one task (GetArtifactSubscriptionTaskResult). */
export interface SubscriptionTaskTagResult {
  tag: string;
  status: string;
  result: string;
  startTimeMs: number | undefined;
  endTimeMs: number | undefined;
  namespaceName: string;
  repoName: string;
}
