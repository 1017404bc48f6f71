import type { RawInstance, RawRule, SimDataset, SimInstance } from './dataset.js';
import { randomTaskId, randomTaskOutcome } from './random-task-outcome.js';
import { SeededRandom, hashString, mixSeed } from './seeded-random.js';
import { SOURCE_REPOSITORIES, catalogRepository, targetOf } from './source-catalog.js';
import { timelineTaskSource } from './timeline-task-source.js';
import type { TimelineTask } from './timeline-task.js';

const DEFAULT_REPOSITORIES_PER_INSTANCE = 5;
const DEFAULT_TASKS_PER_REPOSITORY = 6;
const DEFAULT_HISTORY_MS = 7 * 24 * 60 * 60_000;
const DEFAULT_FUTURE_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** The newest task of each repository starts within this long before nowMs (or up to futureMs after it). */
const RECENT_WINDOW_MS = 2 * 60 * 60_000;
const SPECIFICATIONS = ['Enterprise_Basic', 'Enterprise_Standard', 'Enterprise_Advanced'] as const;
const ENVIRONMENTS = ['prod', 'staging', 'dev'] as const;

export interface GenerateDatasetOptions {
  /** Same seed (and same other options) => the same dataset, byte for byte. */
  seed: number;
  /** The data clock's "now": task histories end around it. */
  nowMs: number;
  /** Regions and how many instances each has. */
  regions: { id: string; instances: number }[];
  /** Subscribed repositories (one rule each) per instance. @default 5 */
  repositoriesPerInstance?: number;
  /**
   * Tasks per repository: the newest starts in [now - 2 h, now + futureMs], the older ones
   * periodically (with jitter) back to about now - historyMs. @default 6
   */
  tasksPerRepository?: number;
  /** How far back task histories go (before the newest task). @default 7 days */
  historyMs?: number;
  /** Newest tasks may start up to this far after nowMs, so that tasks appear and finish as the clock moves. @default 1 hour */
  futureMs?: number;
}

/**
 * A seeded, realistic dataset: RUNNING instances in each region, one subscription rule per
 * repository, and per repository a history of tasks that ran periodically (mostly SUCCESS, some
 * FAILED, durations from tens of seconds to about two hours, 1..400 tags, some partly subscribed),
 * the newest of which may still be running or not started yet at nowMs.
 */
export function generateDataset(options: GenerateDatasetOptions): SimDataset {
  return {
    regions: options.regions.map((region) => ({
      id: region.id,
      instances: Array.from({ length: region.instances }, (_, n) =>
        generateInstance(options, region.id, n, new SeededRandom(mixSeed(options.seed, hashString(region.id), n))),
      ),
    })),
  };
}

function generateInstance(options: GenerateDatasetOptions, regionId: string, n: number, rng: SeededRandom): SimInstance {
  const createdMs = options.nowMs - rng.int(30, 900) * DAY_MS;
  const instance: RawInstance = {
    InstanceId: `cri-${rng.id(16)}`,
    InstanceName: `registry-${regionId}-${n + 1}`,
    InstanceSpecification: rng.pick(SPECIFICATIONS),
    InstanceStatus: 'RUNNING',
    InstanceIssue: '',
    RegionId: regionId,
    ResourceGroupId: `rg-${rng.id(15)}`,
    CreateTime: String(createdMs),
    ModifiedTime: String(createdMs + rng.int(0, 20) * DAY_MS),
    Tags: [{ TagKey: 'env', TagValue: rng.pick(ENVIRONMENTS) }],
  };
  const repositories = options.repositoriesPerInstance ?? DEFAULT_REPOSITORIES_PER_INSTANCE;
  const firstRepository = rng.int(0, SOURCE_REPOSITORIES.length - 1);
  const rules: RawRule[] = [];
  const tasks: TimelineTask[] = [];
  for (let r = 0; r < repositories; r++) {
    const source = catalogRepository(firstRepository + r);
    const rule = generateRule(instance.InstanceId, source, createdMs, rng);
    rules.push(rule);
    tasks.push(...generateTaskHistory(options, rule, rng));
  }
  return { instance, rules, tasks: timelineTaskSource(tasks) };
}

function generateRule(
  instanceId: string,
  source: { provider: string; namespace: string; repo: string },
  createdMs: number,
  rng: SeededRandom,
): RawRule {
  const ruleCreatedMs = createdMs + rng.int(1, 20) * DAY_MS;
  return {
    RuleId: `crasr-${rng.id(16)}`,
    InstanceId: instanceId,
    ...toPascal(targetOf(source)),
    SourceProvider: source.provider,
    SourceNamespaceName: source.namespace,
    SourceRepoName: source.repo,
    TagRegexp: rng.pick(['.*', '^v?[0-9]+\\.[0-9]+\\.[0-9]+$', '^latest$|^stable.*']),
    TagCount: rng.pick([10, 20, 50, 100]),
    Platform: rng.chance(0.5) ? ['linux/amd64'] : ['linux/amd64', 'linux/arm64'],
    Override: rng.chance(0.3),
    Accelerate: rng.chance(0.2),
    CreateTime: ruleCreatedMs,
    ModifiedTime: ruleCreatedMs + rng.int(0, 5) * DAY_MS,
  };
}

function generateTaskHistory(options: GenerateDatasetOptions, rule: RawRule, rng: SeededRandom): TimelineTask[] {
  const count = options.tasksPerRepository ?? DEFAULT_TASKS_PER_REPOSITORY;
  const futureMs = options.futureMs ?? DEFAULT_FUTURE_MS;
  // The newest run started recently or starts soon; the older runs go back periodically over the history.
  const newestMs = options.nowMs - RECENT_WINDOW_MS + rng.next() * (RECENT_WINDOW_MS + futureMs);
  const periodMs = (options.historyMs ?? DEFAULT_HISTORY_MS) / Math.max(1, count - 1);
  return Array.from({ length: count }, (_, k) => ({
    taskId: randomTaskId(rng),
    instanceId: rule.InstanceId,
    namespaceName: rule.NamespaceName,
    repoName: rule.RepoName,
    sourceProvider: rule.SourceProvider,
    sourceNamespaceName: rule.SourceNamespaceName,
    sourceRepoName: rule.SourceRepoName,
    startMs: Math.floor(k === 0 ? newestMs : newestMs - k * periodMs + (rng.next() - 0.5) * (periodMs / 2)),
    ...randomTaskOutcome(rng),
  }));
}

function toPascal(target: { namespaceName: string; repoName: string }): { NamespaceName: string; RepoName: string } {
  return { NamespaceName: target.namespaceName, RepoName: target.repoName };
}
