/**
 * Test helper: subscription tasks and a server-side list served as SubscriptionTaskPageRead
 * pages, for the pure parts of incremental listing (known-task-list, reconcile-task-list).
 */
import type { SubscriptionTask } from '../../src/model/subscription-task.js';
import type { SubscriptionTaskPageRead, TaskPageReader } from '../../src/api/task-page-read.js';

export const RUNNING = 'RUNNING';
export const DONE = 'COMPLETED';

/** Task `id` started at `startMs`: COMPLETED with an EndTime, or RUNNING without one. */
export function task(id: string, startMs: number, status: string = DONE): SubscriptionTask {
  return {
    taskId: id,
    instanceId: 'cri-test',
    taskStatus: status,
    taskResult: status === DONE ? 'SUCCESS' : '',
    taskType: 'AUTO',
    startTimeMs: startMs,
    endTimeMs: status === DONE ? startMs + 500 : undefined,
    artifactType: 'IMAGE',
    sourceProvider: 'DOCKER_HUB',
    sourceRepoType: 'PUBLIC',
    sourceNamespaceName: 'library',
    sourceRepoName: 'nginx',
    namespaceName: 'ns',
    repoName: `repo-${id}`,
    tagTotalCount: 3,
    tagSubscriptionCount: 3,
    message: '',
  };
}

/** `count` tasks t<count-1> (newest, first) .. t0 (oldest), one second apart. */
export function newestFirst(count: number, prefix = 't'): SubscriptionTask[] {
  return Array.from({ length: count }, (_, i) => task(`${prefix}${count - 1 - i}`, 1_000_000 + (count - 1 - i) * 1000));
}

/** Serves `list` in pages of `pageSize`, recording each PageNo asked; `totalCount(pageNo)` may lie. */
export function serve(
  list: readonly SubscriptionTask[],
  pageSize: number,
  totalCount: (pageNo: number) => number | undefined = () => list.length,
): { readPage: TaskPageReader; asked: number[] } {
  const asked: number[] = [];
  const readPage = async (pageNo: number): Promise<SubscriptionTaskPageRead> => {
    asked.push(pageNo);
    const entries = list.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((entry) => ({ task: entry, invalid: [] }));
    return { pageNo, entries, totalCount: totalCount(pageNo), pageSize };
  };
  return { readPage, asked };
}

/** Every page of a full listing of `list` (PageNo 1 .. until a short page), as read. */
export async function allPages(list: readonly SubscriptionTask[], pageSize: number): Promise<SubscriptionTaskPageRead[]> {
  const { readPage } = serve(list, pageSize);
  const pages: SubscriptionTaskPageRead[] = [];
  for (let pageNo = 1; ; pageNo += 1) {
    const page = await readPage(pageNo);
    pages.push(page);
    if (page.entries.length < pageSize) return pages;
  }
}

export const isNotFinished = (candidate: SubscriptionTask): boolean => candidate.taskStatus !== DONE;
