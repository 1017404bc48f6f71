import type { ApiQuery, ApiTransport } from './api-transport.js';
import type { ErrorContext } from './classify-error.js';
import { LruNumberSet } from '../structures/lru-number-set.js';
import type { Instance } from '../model/instance.js';
import type { SubscriptionRule } from '../model/subscription-rule.js';
import type { InvalidTaskReason, SubscriptionTask, SubscriptionTaskPage } from '../model/subscription-task.js';
import type { SubscriptionTaskTagResult } from '../model/task-tag-result.js';
import { paginate, type FetchedPage, type IncompletePaging, type PaginateOptions } from './paginate.js';
import { parseInstance } from './parse-instance.js';
import { parseSubscriptionRule } from './parse-subscription-rule.js';
import { parseSubscriptionTask } from './parse-subscription-task.js';
import { parseTaskTagResult } from './parse-task-tag-result.js';
import { readListBody } from './read-list-body.js';
import type { SubscriptionTaskPageRead, TaskPageReader } from './task-page-read.js';
import { taskIdHash } from '../structures/task-id-hash.js';

/** A listing that ended short of what the API announced (see paginate.ts for the rule). */
export interface IncompleteListing extends ErrorContext, IncompletePaging {}

/** Told about listings as they happen (metrics, logs); every method optional. */
export interface ListingObserver {
  /** A listing starts (before its first page is asked for). */
  started?(listing: ErrorContext): void;
  /** A listing ended short of what the API announced; its pages were yielded all the same. */
  incomplete?(listing: IncompleteListing): void;
  /** The instance is no longer collected: drop what is kept about its listings (its series). */
  forgetInstance?(region: string, instanceId: string): void;
}

export interface AcrClientOptions {
  /** PageSize sent to every list action, 1..MAX_PAGE_SIZE (collection.pageSize, src/config/schema.ts). */
  pageSize: number;
  /** Hard bound on pages per listing, so a lying TotalCount cannot loop forever (collection.maxPages). */
  maxPages: number;
  /** Told when listings start and when one ends short, so the caller can count and log partial data. @default ignore */
  listings?: ListingObserver;
  /** API attempts made through the transport so far, retries included (createAcrClient counts them where they are made). @default not counted: 0 */
  attempts?: () => number;
}

/**
 * The typed Container Registry client: requests by name, responses validated into the models of
 * src/model, listings paged lazily (one page in memory at a time). Failures reject with ApiError.
 */
export class AcrClient {
  private readonly transport: ApiTransport;
  private readonly options: AcrClientOptions;

  constructor(transport: ApiTransport, options: AcrClientOptions) {
    this.transport = transport;
    this.options = options;
  }

  /** The instance is no longer collected (gone, filtered, another shard): its listing series go. */
  forgetInstance(region: string, instanceId: string): void {
    this.options.listings?.forgetInstance?.(region, instanceId);
  }

  /** API attempts made through this client so far, retries included. */
  get apiCalls(): number {
    return this.options.attempts?.() ?? 0;
  }

  /**
   * ListInstance for one region, paged, optionally filtered by one InstanceStatus (the caller
   * lists once per status it wants, or once without a filter). Yields one page at a time.
   * `roleArn` names the region entry (the account) when a region is listed once per role.
   */
  async *listInstances(region: string, options: { instanceStatus?: string; roleArn?: string | undefined } = {}): AsyncGenerator<Instance[], void, undefined> {
    const context: ErrorContext = { action: 'ListInstance', region };
    const statusFilter: ApiQuery = options.instanceStatus ? { InstanceStatus: options.instanceStatus } : {};
    yield* paginate(async (pageNo, pageSize): Promise<FetchedPage<Instance[]>> => {
      const body = await this.transport.call('ListInstance', { ...statusFilter, PageNo: pageNo, PageSize: pageSize }, { region, roleArn: options.roleArn });
      const list = readListBody(body, 'Instances', context);
      const instances = list.entries.map((entry) => parseInstance(entry, region)).filter((instance) => instance !== undefined);
      return { payload: instances, itemCount: list.entries.length, totalCount: list.totalCount, pageSize: list.pageSize };
    }, this.paging(context));
  }

  /**
   * ListArtifactSubscriptionTask for one instance, every page. Within one listing each TaskId is
   * yielded once: a task inserted at the head while paging shifts later pages by one, so the
   * last task of a page comes again at the top of the next; the repeat is dropped (with its
   * invalid reasons, which were counted the first time). The TaskIds yielded are remembered as
   * 53-bit hashes (task-id-hash.ts) in typed arrays, outside the JavaScript heap, only as long as
   * the listing: a Set of the TaskId strings kept every TaskId of the instance alive across
   * many young-generation collections, so a million tasks listed meant tens of MB promoted to
   * the old generation, and a larger heap. A new task whose hash equals one already yielded
   * (probability about 5e-9 over a listing of 10,000 tasks) is dropped as a repeat.
   * `readPage` reads one page (by default one API call); incremental listing passes a reader that
   * records the pages and reuses those it already read in the same collection.
   */
  async *listSubscriptionTasks(
    region: string,
    instanceId: string,
    readPage: TaskPageReader = (pageNo) => this.readSubscriptionTaskPage(region, instanceId, pageNo),
  ): AsyncGenerator<SubscriptionTaskPage, void, undefined> {
    const context: ErrorContext = { action: 'ListArtifactSubscriptionTask', region, instanceId };
    // Unbounded (never evicts): it holds what this one listing yielded.
    const yielded = new LruNumberSet(Number.MAX_SAFE_INTEGER);
    yield* paginate(async (pageNo): Promise<FetchedPage<SubscriptionTaskPage>> => {
      const read = await readPage(pageNo);
      const tasks: SubscriptionTask[] = [];
      const invalid: InvalidTaskReason[] = [];
      for (const entry of read.entries) {
        if (entry.task) {
          if (!yielded.add(taskIdHash(instanceId, entry.task.taskId))) continue;
          tasks.push(entry.task);
        }
        invalid.push(...entry.invalid);
      }
      return { payload: { pageNo, tasks, invalid }, itemCount: read.entries.length, totalCount: read.totalCount, pageSize: read.pageSize };
    }, this.paging(context));
  }

  /**
   * One page of ListArtifactSubscriptionTask by PageNo (the configured PageSize), every entry
   * parsed and none dropped: what incremental listing reads and compares with what it knows.
   */
  async readSubscriptionTaskPage(region: string, instanceId: string, pageNo: number): Promise<SubscriptionTaskPageRead> {
    const context: ErrorContext = { action: 'ListArtifactSubscriptionTask', region, instanceId };
    const body = await this.transport.call(
      'ListArtifactSubscriptionTask',
      { InstanceId: instanceId, PageNo: pageNo, PageSize: this.options.pageSize },
      { region, instanceId },
    );
    const list = readListBody(body, 'Tasks', context);
    return { pageNo, entries: list.entries.map(parseSubscriptionTask), totalCount: list.totalCount, pageSize: list.pageSize };
  }

  /** PageSize sent to ListArtifactSubscriptionTask (collection.pageSize). */
  get taskPageSize(): number {
    return this.options.pageSize;
  }

  /** Pages read per listing at most (collection.maxPages). */
  get maxPagesPerListing(): number {
    return this.options.maxPages;
  }

  /** ListArtifactSubscriptionRule for one instance, every page; rules without a RuleId are dropped. */
  async *listSubscriptionRules(region: string, instanceId: string): AsyncGenerator<SubscriptionRule[], void, undefined> {
    const context: ErrorContext = { action: 'ListArtifactSubscriptionRule', region, instanceId };
    yield* paginate(async (pageNo, pageSize): Promise<FetchedPage<SubscriptionRule[]>> => {
      const body = await this.transport.call(
        'ListArtifactSubscriptionRule',
        { InstanceId: instanceId, PageNo: pageNo, PageSize: pageSize },
        { region, instanceId },
      );
      const list = readListBody(body, 'Rules', context);
      const rules = list.entries.map(parseSubscriptionRule).filter((rule) => rule !== undefined);
      return { payload: rules, itemCount: list.entries.length, totalCount: list.totalCount, pageSize: list.pageSize };
    }, this.paging(context));
  }

  /** GetArtifactSubscriptionTaskResult: the per-tag results of one task, every page gathered. */
  async getSubscriptionTaskResult(region: string, instanceId: string, taskId: string): Promise<SubscriptionTaskTagResult[]> {
    const context: ErrorContext = { action: 'GetArtifactSubscriptionTaskResult', region, instanceId };
    const results: SubscriptionTaskTagResult[] = [];
    const pages = paginate(async (pageNo, pageSize): Promise<FetchedPage<SubscriptionTaskTagResult[]>> => {
      const body = await this.transport.call(
        'GetArtifactSubscriptionTaskResult',
        { InstanceId: instanceId, TaskId: taskId, PageNo: pageNo, PageSize: pageSize },
        { region, instanceId },
      );
      const list = readListBody(body, 'TaskResults', context);
      const tagResults = list.entries.map(parseTaskTagResult).filter((result) => result !== undefined);
      return { payload: tagResults, itemCount: list.entries.length, totalCount: list.totalCount, pageSize: list.pageSize };
    }, this.paging(context));
    for await (const page of pages) results.push(...page);
    return results;
  }

  /** Paging options of one listing; tells the observer that it starts. */
  private paging(context: ErrorContext): PaginateOptions {
    const { listings } = this.options;
    listings?.started?.(context);
    return {
      pageSize: this.options.pageSize,
      maxPages: this.options.maxPages,
      onIncomplete: (paging) => listings?.incomplete?.({ ...context, ...paging }),
    };
  }
}
