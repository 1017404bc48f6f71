/**
 * Public upstream repositories that ACR artifact subscription mirrors, per source provider, and
 * the target namespace each provider is mirrored into. Generated data draws from this list so
 * that labels look like what an SRE sees in a real account.
 */

export interface SourceRepository {
  /** DOCKER_HUB | GCR | QUAY, the values of the API's SourceProvider. */
  provider: string;
  namespace: string;
  repo: string;
}

/** Target namespace in the ACR instance per provider. */
export const TARGET_NAMESPACES: Readonly<Record<string, string>> = {
  DOCKER_HUB: 'mirror-dockerhub',
  GCR: 'mirror-gcr',
  QUAY: 'mirror-quay',
};

export const SOURCE_REPOSITORIES: readonly SourceRepository[] = [
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'nginx' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'redis' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'postgres' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'alpine' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'busybox' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'golang' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'node' },
  { provider: 'DOCKER_HUB', namespace: 'library', repo: 'python' },
  { provider: 'DOCKER_HUB', namespace: 'bitnami', repo: 'kafka' },
  { provider: 'DOCKER_HUB', namespace: 'grafana', repo: 'grafana' },
  { provider: 'DOCKER_HUB', namespace: 'prom', repo: 'prometheus' },
  { provider: 'GCR', namespace: 'google-containers', repo: 'pause' },
  { provider: 'GCR', namespace: 'google-containers', repo: 'kube-proxy' },
  { provider: 'GCR', namespace: 'distroless', repo: 'static' },
  { provider: 'GCR', namespace: 'distroless', repo: 'base' },
  { provider: 'GCR', namespace: 'kaniko-project', repo: 'executor' },
  { provider: 'QUAY', namespace: 'prometheus', repo: 'node-exporter' },
  { provider: 'QUAY', namespace: 'coreos', repo: 'etcd' },
  { provider: 'QUAY', namespace: 'jetstack', repo: 'cert-manager-controller' },
  { provider: 'QUAY', namespace: 'argoproj', repo: 'argocd' },
  { provider: 'QUAY', namespace: 'calico', repo: 'node' },
];

/** The nth repository of the catalog; past its end the names repeat with a numeric suffix (nginx-2). */
export function catalogRepository(n: number): SourceRepository {
  const base = SOURCE_REPOSITORIES[n % SOURCE_REPOSITORIES.length] as SourceRepository;
  const round = Math.floor(n / SOURCE_REPOSITORIES.length);
  return round === 0 ? base : { ...base, repo: `${base.repo}-${round + 1}` };
}

/** The instance-side namespace and repository a source repository is mirrored into. */
export function targetOf(source: SourceRepository): { namespaceName: string; repoName: string } {
  return { namespaceName: TARGET_NAMESPACES[source.provider] ?? 'mirror', repoName: source.repo };
}
