/**
 * Memory of incremental listing's known task list per task: N tasks parsed from JSON pages (as the
 * client gets them), kept as a KnownTaskList, heap plus array buffers after a full GC, divided by N.
 * `npm run build && npx tsc -p tsconfig.scripts.json && node --expose-gc .cache/scripts/scripts/known-list-memory.js [N]`
 */
import { KnownTaskListBuilder } from '../src/api/known-task-list.js';
import { parseSubscriptionTask } from '../src/api/parse-subscription-task.js';

const PAGE_SIZE = 100;
const N = Number(process.argv[2] ?? 100_000);
const INSTANCE_ID = 'cri-abcdefgh12345678';

function rawTask(i: number): Record<string, unknown> {
  const start = 1_767_225_600_000 + i * 60_000;
  return {
    TaskId: `crast-${(1e15 + i * 7919).toString(36)}${i.toString(36).padStart(8, '0')}`,
    InstanceId: INSTANCE_ID,
    TaskStatus: 'COMPLETED',
    TaskResult: i % 17 ? 'SUCCESS' : 'FAILED',
    TaskType: 'AUTO',
    StartTime: String(start),
    EndTime: String(start + 40_000),
    ArtifactType: 'IMAGE',
    SourceProvider: 'DOCKER_HUB',
    SourceRepoType: 'PUBLIC',
    SourceNamespaceName: 'library',
    SourceRepoName: `repo-${i % 40}`,
    NamespaceName: 'mirror',
    RepoName: `repo-${i % 40}`,
    TagTotalCount: 4,
    TagSubscriptionCount: 4,
    Message: i % 17 ? '' : 'pull failed: manifest unknown',
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const used = (): number => {
  gc();
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
};

const pages = Array.from({ length: Math.ceil(N / PAGE_SIZE) }, (_, p) =>
  JSON.stringify(Array.from({ length: Math.min(PAGE_SIZE, N - p * PAGE_SIZE) }, (_, i) => rawTask(N - 1 - (p * PAGE_SIZE + i)))),
);
const before = used();
const builder = new KnownTaskListBuilder({ pageSize: PAGE_SIZE, instanceId: INSTANCE_ID });
for (const [index, text] of pages.entries()) {
  const entries = (JSON.parse(text) as unknown[]).map(parseSubscriptionTask);
  builder.add({ pageNo: index + 1, entries, totalCount: N, pageSize: PAGE_SIZE });
}
const known = builder.finish();
const after = used();
if (!('tasks' in known)) throw new Error(`not verified: ${known.unverified}`);
console.log(`${known.length} tasks kept (${pages.length} pages): ${((after - before) / N).toFixed(0)} bytes per task (heap + array buffers after a full GC)`);
