import type { SubscriptionRule } from '../model/subscription-rule.js';
import type { RepositorySummary } from './instance-summary.js';
import { labelValue } from './task-labels.js';

/**
 * StartTime (epoch ms) of the newest task of each rule's target, by RuleId; a rule whose target has no
 * task with a known StartTime among the instance's listed tasks has no entry.
 *
 * A rule's target is its NamespaceName/RepoName. A rule with an empty RepoName (the API's model allows it;
 * whether the console can create one is not documented) matches the repositories of its namespace whose
 * newest task came from the rule's own source (SourceProvider, SourceNamespaceName, SourceRepoName): that
 * is true whether the API then names the target after the source repository or syncs into several
 * repositories, and never credits the rule with another rule's tasks in the same namespace.
 */
export function ruleLastTaskStarts(rules: readonly SubscriptionRule[], repositories: readonly RepositorySummary[]): Map<string, number> {
  const byRepository = new Map<string, RepositorySummary>();
  const byNamespace = new Map<string, RepositorySummary[]>();
  for (const repository of repositories) {
    byRepository.set(repositoryKey(repository.namespace, repository.repository), repository);
    const inNamespace = byNamespace.get(repository.namespace) ?? [];
    inNamespace.push(repository);
    byNamespace.set(repository.namespace, inNamespace);
  }
  const starts = new Map<string, number>();
  for (const rule of rules) {
    const namespace = labelValue(rule.namespaceName);
    const candidates =
      rule.repoName.trim() === ''
        ? (byNamespace.get(namespace) ?? []).filter((repository) => sameSource(rule, repository))
        : [byRepository.get(repositoryKey(namespace, labelValue(rule.repoName)))].filter((repository) => repository !== undefined);
    let newest: number | undefined;
    for (const { lastTask } of candidates) {
      if (lastTask.startTimeMs !== undefined && (newest === undefined || lastTask.startTimeMs > newest)) newest = lastTask.startTimeMs;
    }
    if (newest !== undefined) starts.set(rule.ruleId, newest);
  }
  return starts;
}

function repositoryKey(namespace: string, repository: string): string {
  // As the task aggregator keys repositories: no name holds a NUL.
  return `${namespace}\u0000${repository}`;
}

function sameSource(rule: SubscriptionRule, { lastTask }: RepositorySummary): boolean {
  return (
    lastTask.sourceProvider === labelValue(rule.sourceProvider) &&
    lastTask.sourceNamespace === labelValue(rule.sourceNamespaceName) &&
    lastTask.sourceRepository === labelValue(rule.sourceRepoName)
  );
}
