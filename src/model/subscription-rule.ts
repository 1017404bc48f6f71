/** The domain model of an artifact subscription rule. */

/** An artifact subscription rule (ListArtifactSubscriptionRule). */
export interface SubscriptionRule {
  ruleId: string;
  instanceId: string;
  namespaceName: string;
  repoName: string;
  /** DOCKER_HUB | GCR | QUAY (open set). */
  sourceProvider: string;
  sourceNamespaceName: string;
  sourceRepoName: string;
  tagRegexp: string;
  tagCount: number | undefined;
  platform: string[];
  override: boolean;
  accelerate: boolean;
  createTimeMs: number | undefined;
  modifiedTimeMs: number | undefined;
}
