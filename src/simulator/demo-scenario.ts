import type { RawInstance, RawRule, SimCredential, SimDataset, SimInstance } from './dataset.js';
import type { FaultSpec } from './fault-injector.js';
import { randomTaskId, randomTaskOutcome } from './random-task-outcome.js';
import { SeededRandom, hashString, mixSeed } from './seeded-random.js';
import { targetOf, type SourceRepository } from './source-catalog.js';
import { timelineTaskSource } from './timeline-task-source.js';
import type { TimelineTask } from './timeline-task.js';

/**
 * The demo (npm run demo, the standalone simulator's default data, the README and the e2e tests).
 * Ids and names are fixed; task outcomes in the history come from DEMO_SEED, so they are the same
 * on every run for the same nowMs.
 *
 *   region       InstanceId          InstanceName    InstanceSpecification  repositories (namespace/repository <- source)
 *   cn-hangzhou  cri-hangzhou00001   hz-prod         Enterprise_Advanced    mirror-dockerhub/nginx <- library/nginx
 *                                                                           mirror-dockerhub/redis <- library/redis
 *                                                                           mirror-gcr/pause <- google-containers/pause
 *                                                                           mirror-quay/node-exporter <- prometheus/node-exporter
 *   cn-hangzhou  cri-hangzhou00002   hz-staging      Enterprise_Standard    mirror-dockerhub/redis <- library/redis
 *                                                                           mirror-dockerhub/postgres <- library/postgres
 *                                                                           mirror-gcr/kube-proxy <- google-containers/kube-proxy
 *   cn-hangzhou  cri-hangzhou00003   hz-restricted   Enterprise_Basic       mirror-dockerhub/alpine <- library/alpine
 *                → every instance-scoped call (ListArtifactSubscriptionTask, ...) answers 403 NoPrivilege
 *                  (demo fault); ListInstance still lists it, so the exporter shows collect_success 0.
 *   cn-shanghai  cri-shanghai00001   sh-prod         Enterprise_Advanced    mirror-dockerhub/nginx <- library/nginx
 *                                                                           mirror-dockerhub/node <- library/node
 *                                                                           mirror-quay/etcd <- coreos/etcd
 *   cn-shanghai  cri-shanghai00002   sh-dr           Enterprise_Basic       mirror-dockerhub/nginx <- library/nginx
 *                                                                           mirror-gcr/static <- distroless/static
 *
 * All instances are RUNNING. Each repository has HISTORY_TASKS finished tasks, one every
 * HISTORY_SPACING_MS before nowMs (outcomes seeded: mostly SUCCESS, some FAILED, some partly
 * subscribed). On top of that, so that the demo moves while you watch:
 *   - hz-prod  mirror-dockerhub/nginx:    a task started 3 min before nowMs, RUNNING for 12 min (300 tags, all subscribed at the end)
 *   - hz-prod  mirror-quay/node-exporter: its newest task FAILED (started 2 h before nowMs, ran 20 min, 5 of 40 tags)
 *   - hz-staging mirror-dockerhub/redis:  a task starting 2 min after nowMs, running 5 min, SUCCESS
 *   - sh-dr    mirror-gcr/static:         a task starting 5 min after nowMs, running 3 min, SUCCESS
 * Each repository above has one subscription rule (every tag, first 100, linux/amd64, created with the
 * instance). hz-prod also has a rule that has never run (RULES_WITHOUT_TASKS): mirror-dockerhub/busybox
 * <- library/busybox, created 30 days before nowMs, with no task at all.
 * sh-prod sends StartTime and EndTime as digit strings (the generated SDK types them string); the
 * others send numbers.
 * The key pair is DEMO_CREDENTIAL (a local-only pair, accepted by nothing but the simulator).
 */

export const DEMO_SEED = 20240601;
export const DEMO_CREDENTIAL: SimCredential = {
  accessKeyId: 'LTAI5tSimulatorDemoKey01',
  accessKeySecret: 'demo-only-secret-for-the-local-simulator',
};
/** The instance whose instance-scoped calls answer 403 NoPrivilege. */
export const DEMO_FORBIDDEN_INSTANCE_ID = 'cri-hangzhou00003';
const HISTORY_TASKS = 4;
const HISTORY_SPACING_MS = 6 * 60 * 60_000;
const MINUTE_MS = 60_000;

interface DemoInstance {
  region: string;
  id: string;
  name: string;
  specification: string;
  sources: SourceRepository[];
}

const docker = (namespace: string, repo: string): SourceRepository => ({ provider: 'DOCKER_HUB', namespace, repo });
const gcr = (namespace: string, repo: string): SourceRepository => ({ provider: 'GCR', namespace, repo });
const quay = (namespace: string, repo: string): SourceRepository => ({ provider: 'QUAY', namespace, repo });

const DEMO_INSTANCES: readonly DemoInstance[] = [
  {
    region: 'cn-hangzhou',
    id: 'cri-hangzhou00001',
    name: 'hz-prod',
    specification: 'Enterprise_Advanced',
    sources: [docker('library', 'nginx'), docker('library', 'redis'), gcr('google-containers', 'pause'), quay('prometheus', 'node-exporter')],
  },
  {
    region: 'cn-hangzhou',
    id: 'cri-hangzhou00002',
    name: 'hz-staging',
    specification: 'Enterprise_Standard',
    sources: [docker('library', 'redis'), docker('library', 'postgres'), gcr('google-containers', 'kube-proxy')],
  },
  {
    region: 'cn-hangzhou',
    id: DEMO_FORBIDDEN_INSTANCE_ID,
    name: 'hz-restricted',
    specification: 'Enterprise_Basic',
    sources: [docker('library', 'alpine')],
  },
  {
    region: 'cn-shanghai',
    id: 'cri-shanghai00001',
    name: 'sh-prod',
    specification: 'Enterprise_Advanced',
    sources: [docker('library', 'nginx'), docker('library', 'node'), quay('coreos', 'etcd')],
  },
  {
    region: 'cn-shanghai',
    id: 'cri-shanghai00002',
    name: 'sh-dr',
    specification: 'Enterprise_Basic',
    sources: [docker('library', 'nginx'), gcr('distroless', 'static')],
  },
];

/** Tasks added on top of the seeded history (see the table above). */
interface LiveTask {
  instanceId: string;
  repo: string;
  startOffsetMs: number;
  durationMs: number;
  finalResult: string;
  tagTotalCount: number;
  tagSubscriptionCount: number;
  /** The reference sample's oddities while RUNNING: a TaskResult and a stale EndTime. */
  likeReferenceSample?: boolean;
}

/** Rules whose target repository never had a task (see the table above). */
const RULES_WITHOUT_TASKS: readonly { instanceId: string; ruleId: string; source: SourceRepository; createdAgoMs: number }[] = [
  { instanceId: 'cri-hangzhou00001', ruleId: 'crasr-demoneverran001', source: docker('library', 'busybox'), createdAgoMs: 30 * 24 * 60 * MINUTE_MS },
];

/** The instance whose task times are digit strings. */
const STRING_TIMES_INSTANCE_ID = 'cri-shanghai00001';
/** The reference sample's EndTime is this much before its StartTime. */
const SAMPLE_STALE_END_MS = 1000;

const LIVE_TASKS: readonly LiveTask[] = [
  { instanceId: 'cri-hangzhou00001', repo: 'nginx', startOffsetMs: -3 * MINUTE_MS, durationMs: 12 * MINUTE_MS, finalResult: 'SUCCESS', tagTotalCount: 300, tagSubscriptionCount: 300, likeReferenceSample: true },
  { instanceId: 'cri-hangzhou00001', repo: 'node-exporter', startOffsetMs: -120 * MINUTE_MS, durationMs: 20 * MINUTE_MS, finalResult: 'FAILED', tagTotalCount: 40, tagSubscriptionCount: 5 },
  { instanceId: 'cri-hangzhou00002', repo: 'redis', startOffsetMs: 2 * MINUTE_MS, durationMs: 5 * MINUTE_MS, finalResult: 'SUCCESS', tagTotalCount: 120, tagSubscriptionCount: 120 },
  { instanceId: 'cri-shanghai00002', repo: 'static', startOffsetMs: 5 * MINUTE_MS, durationMs: 3 * MINUTE_MS, finalResult: 'SUCCESS', tagTotalCount: 12, tagSubscriptionCount: 12 },
];

export function demoScenario(nowMs: number): { dataset: SimDataset; faults: FaultSpec[]; credential: SimCredential } {
  const regions = ['cn-hangzhou', 'cn-shanghai'].map((id) => ({
    id,
    instances: DEMO_INSTANCES.filter((demo) => demo.region === id).map((demo) => demoInstance(demo, nowMs)),
  }));
  return {
    dataset: { regions },
    faults: [{ kind: 'forbidden', instanceId: DEMO_FORBIDDEN_INSTANCE_ID }],
    credential: { ...DEMO_CREDENTIAL },
  };
}

function demoInstance(demo: DemoInstance, nowMs: number): SimInstance {
  const rng = new SeededRandom(mixSeed(DEMO_SEED, hashString(demo.id)));
  const createdMs = nowMs - 180 * 24 * 60 * MINUTE_MS;
  const instance: RawInstance = {
    InstanceId: demo.id,
    InstanceName: demo.name,
    InstanceSpecification: demo.specification,
    InstanceStatus: 'RUNNING',
    InstanceIssue: '',
    RegionId: demo.region,
    ResourceGroupId: 'rg-demo000000000',
    CreateTime: String(createdMs),
    ModifiedTime: String(createdMs),
    Tags: [{ TagKey: 'env', TagValue: demo.name.split('-')[1] ?? 'demo' }],
  };
  const rules: RawRule[] = [];
  const tasks: TimelineTask[] = [];
  for (const source of demo.sources) {
    const target = targetOf(source);
    const base = {
      instanceId: demo.id,
      ...target,
      sourceProvider: source.provider,
      sourceNamespaceName: source.namespace,
      sourceRepoName: source.repo,
      ...(demo.id === STRING_TIMES_INSTANCE_ID ? { timesAsStrings: true } : {}),
    };
    rules.push({
      RuleId: `crasr-${rng.id(16)}`,
      InstanceId: demo.id,
      NamespaceName: target.namespaceName,
      RepoName: target.repoName,
      SourceProvider: source.provider,
      SourceNamespaceName: source.namespace,
      SourceRepoName: source.repo,
      TagRegexp: '.*',
      TagCount: 100,
      Platform: ['linux/amd64'],
      Override: false,
      Accelerate: false,
      CreateTime: createdMs,
      ModifiedTime: createdMs,
    });
    for (let j = 0; j < HISTORY_TASKS; j++) {
      const startMs = nowMs - (j + 1) * HISTORY_SPACING_MS + Math.floor(rng.next() * 60 * MINUTE_MS);
      tasks.push({ ...base, taskId: randomTaskId(rng), startMs, ...randomTaskOutcome(rng) });
    }
    for (const live of LIVE_TASKS.filter((candidate) => candidate.instanceId === demo.id && candidate.repo === source.repo)) {
      tasks.push({
        ...base,
        taskId: randomTaskId(rng),
        taskType: 'AUTO',
        startMs: nowMs + live.startOffsetMs,
        durationMs: live.durationMs,
        finalResult: live.finalResult,
        tagTotalCount: live.tagTotalCount,
        tagSubscriptionCount: live.tagSubscriptionCount,
        ...(live.likeReferenceSample ? { runningResult: 'SUCCESS', staleEndTimeBeforeStartMs: SAMPLE_STALE_END_MS } : {}),
      });
    }
  }
  for (const never of RULES_WITHOUT_TASKS.filter((candidate) => candidate.instanceId === demo.id)) {
    const target = targetOf(never.source);
    const createdAtMs = nowMs - never.createdAgoMs;
    rules.push({
      RuleId: never.ruleId,
      InstanceId: demo.id,
      NamespaceName: target.namespaceName,
      RepoName: target.repoName,
      SourceProvider: never.source.provider,
      SourceNamespaceName: never.source.namespace,
      SourceRepoName: never.source.repo,
      TagRegexp: '^1\\.[0-9]+$',
      Platform: ['linux/amd64', 'linux/arm64'],
      Override: true,
      Accelerate: true,
      CreateTime: createdAtMs,
      ModifiedTime: createdAtMs,
    });
  }
  return { instance, rules, tasks: timelineTaskSource(tasks) };
}
