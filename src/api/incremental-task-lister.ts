import type { Clock } from '../clock.js';
import type { SubscriptionTask, SubscriptionTaskPage } from '../model/subscription-task.js';
import type { AcrClient } from './acr-client.js';
import { KNOWN_TASKS_MAX_REACHED, KnownTaskList, KnownTaskListBuilder } from './known-task-list.js';
import { ListingMismatch } from './listing-mismatch.js';
import type { FullListingReason, ListingReport } from './listing-report.js';
import { reconcileTaskList, type ReconciledTaskList } from './reconcile-task-list.js';
import { resyncOffsetMs } from './resync-offset.js';
import type { TaskListingCounter } from './task-listings-metric.js';
import type { SubscriptionTaskPageRead, TaskPageReader } from './task-page-read.js';

/** What the lister needs of the typed client. */
export type TaskPageClient = Pick<
  AcrClient,
  'listSubscriptionTasks' | 'readSubscriptionTaskPage' | 'apiCalls' | 'forgetInstance' | 'taskPageSize' | 'maxPagesPerListing'
>;

export interface IncrementalTaskListerOptions {
  /** collection.listing: incremental, or full on every collection. */
  listing: 'incremental' | 'full';
  /** collection.fullResyncInterval: longest time between two full listings of an instance. */
  fullResyncIntervalMs: number;
  /** collection.knownTasksMax: tasks kept across all instances; an instance whose list would pass it is listed in full. */
  knownTasksMax: number;
  /** A task that may still change (not finished, by collection.inProgressStatuses): its page is read again. */
  mayChange: (task: SubscriptionTask) => boolean;
  clock: Clock;
  /** Counts every completed listing by mode and reason (acr_exporter_task_listings_total). */
  counter: TaskListingCounter;
}

/** What is kept per instance between collections. */
interface InstanceListing {
  /** The list of the last good listing, when verified newest first. */
  known: KnownTaskList | undefined;
  /** Why the last full listing was not kept (order not verified), when it was not. */
  unverified: string | undefined;
  nextResyncAtMs: number;
}

/**
 * ListArtifactSubscriptionTask, incrementally: a TaskLister over AcrClient whose pages equal
 * what a full listing yields, so that the collector does not know the difference.
 *
 * An instance whose last full listing was verified newest first (KnownTaskList) is brought up to
 * date by reconcileTaskList: the head pages until the first known task, then the pages of the
 * tasks that were still in progress. Only once that reconciled are pages yielded, made from the
 * list now, in pages of PageSize. Whatever does not reconcile (ListingMismatch) is listed in full
 * at once, in the same collection, reusing the pages already read: a collection reads each page
 * at most once. A full listing (first, resync due, order unverified, configured, mismatch) is
 * AcrClient's paged listing; it streams its pages as before and leaves the known list behind.
 * Full resyncs come every fullResyncInterval per instance, at a stable per-instance offset.
 */
export class IncrementalTaskLister {
  private readonly listings = new Map<string, InstanceListing>();
  private readonly reports = new Map<string, ListingReport>();
  /** Tasks held in the known lists of every instance (bounded by knownTasksMax). */
  private knownTasks = 0;

  constructor(
    private readonly client: TaskPageClient,
    private readonly options: IncrementalTaskListerOptions,
  ) {}

  get apiCalls(): number {
    return this.client.apiCalls;
  }

  forgetInstance(region: string, instanceId: string): void {
    const key = instanceKey(region, instanceId);
    this.drop(key);
    this.reports.delete(key);
    this.options.counter.forgetInstance(region, instanceId);
    this.client.forgetInstance(region, instanceId);
  }

  /** How the latest listing of the instance went (pages read so far while it runs). */
  lastListing(region: string, instanceId: string): ListingReport | undefined {
    return this.reports.get(instanceKey(region, instanceId));
  }

  async *listSubscriptionTasks(region: string, instanceId: string): AsyncGenerator<SubscriptionTaskPage, void, undefined> {
    const key = instanceKey(region, instanceId);
    const report: ListingReport = { mode: 'incremental', reason: undefined, detail: undefined, pagesRead: 0 };
    this.reports.set(key, report);
    const pagesRead = new Map<number, SubscriptionTaskPageRead>();
    const readPage: TaskPageReader = async (pageNo) => {
      const already = pagesRead.get(pageNo);
      if (already) return already;
      const page = await this.client.readSubscriptionTaskPage(region, instanceId, pageNo);
      pagesRead.set(pageNo, page);
      report.pagesRead += 1;
      return page;
    };

    const previous = this.listings.get(key);
    let reason = this.fullListingReason(previous);
    if (reason === undefined && previous?.known) {
      let reconciled: ReconciledTaskList | undefined;
      try {
        reconciled = await reconcileTaskList(previous.known, readPage, { maxPages: this.client.maxPagesPerListing, mayChange: this.options.mayChange });
      } catch (error) {
        if (!(error instanceof ListingMismatch)) throw error;
        // What was known is wrong: it goes, whatever happens to the full listing.
        this.drop(key);
        reason = `mismatch:${error.what}`;
        report.detail = error.message;
      }
      if (reconciled) {
        this.keep(key, KnownTaskList.verify(reconciled.entries, { pageSize: previous.known.pageSize, instanceId, table: previous.known.strings }), previous.nextResyncAtMs);
        this.options.counter.counted(region, instanceId, report);
        yield* pagesOf(reconciled, previous.known.pageSize);
        return;
      }
    }
    report.mode = 'full';
    report.reason = reason;
    if (reason === 'order_unverified' || reason === 'known_tasks_max') report.detail = previous?.unverified;

    // The full listing reads pages 1..n in order; those read above are reused, not asked again.
    // Pages read from here on are not kept: the listing never asks for one twice.
    const maxTasks = this.options.knownTasksMax - (this.knownTasks - (this.listings.get(key)?.known?.length ?? 0));
    const builder = this.options.listing === 'incremental' ? new KnownTaskListBuilder({ pageSize: this.client.taskPageSize, instanceId, maxTasks }) : undefined;
    yield* this.client.listSubscriptionTasks(region, instanceId, async (pageNo) => {
      const page = pagesRead.get(pageNo) ?? (await this.client.readSubscriptionTaskPage(region, instanceId, pageNo));
      if (!pagesRead.has(pageNo)) report.pagesRead += 1;
      pagesRead.delete(pageNo);
      builder?.add(page);
      return page;
    });
    this.options.counter.counted(region, instanceId, report);
    if (builder === undefined) return;
    const nowMs = this.options.clock.now();
    const nextResyncAtMs =
      previous === undefined ? nowMs + this.options.fullResyncIntervalMs + resyncOffsetMs(key, this.options.fullResyncIntervalMs) : nowMs + this.options.fullResyncIntervalMs;
    this.keep(key, builder.finish(), nextResyncAtMs);
  }

  /** Why this collection lists the instance in full, or undefined to list it incrementally. */
  private fullListingReason(previous: InstanceListing | undefined): FullListingReason | undefined {
    if (this.options.listing === 'full') return 'configured';
    if (previous === undefined) return 'first';
    if (previous.known === undefined) return previous.unverified === KNOWN_TASKS_MAX_REACHED ? 'known_tasks_max' : 'order_unverified';
    if (this.options.clock.now() >= previous.nextResyncAtMs) return 'resync';
    return undefined;
  }

  /**
   * Keeps what a listing established, within knownTasksMax: a list that would pass it (instances
   * listed at the same time may have taken what was left) is not kept, and the instance is listed
   * in full until its tasks fit again.
   */
  private keep(key: string, list: KnownTaskList | { unverified: string }, nextResyncAtMs: number): void {
    this.drop(key);
    const fits = list instanceof KnownTaskList && this.knownTasks + list.length <= this.options.knownTasksMax;
    if (fits) {
      this.knownTasks += list.length;
      this.listings.set(key, { known: list, unverified: undefined, nextResyncAtMs });
      return;
    }
    const unverified = list instanceof KnownTaskList ? KNOWN_TASKS_MAX_REACHED : list.unverified;
    this.listings.set(key, { known: undefined, unverified, nextResyncAtMs });
  }

  /** Forgets what is kept about the instance, giving its tasks back to knownTasksMax. */
  private drop(key: string): void {
    this.knownTasks -= this.listings.get(key)?.known?.length ?? 0;
    this.listings.delete(key);
  }
}

/** The reconciled list as the pages a full listing of it yields: PageSize tasks each, with their problems. */
function* pagesOf(list: ReconciledTaskList, pageSize: number): Generator<SubscriptionTaskPage, void, undefined> {
  for (let offset = 0, pageNo = 1; offset < list.entries.length; offset += pageSize, pageNo += 1) {
    const entries = list.entries.slice(offset, offset + pageSize);
    yield { pageNo, tasks: entries.map((entry) => entry.task), invalid: entries.flatMap((entry) => entry.invalid) };
  }
}

function instanceKey(region: string, instanceId: string): string {
  return `${region}/${instanceId}`;
}
