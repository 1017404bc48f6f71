import type { Clock } from '../clock.js';
import type { CollectionConfig } from '../config/types.js';
import type { ExporterMetrics } from '../collector/exporter-metrics.js';
import type { CompletionTracker } from '../collector/completion-tracker.js';
import type { InstanceSnapshot, Snapshot } from '../collector/snapshot.js';
import type { SnapshotPreparer } from '../collector/snapshot-exposition.js';
import type { InstanceDiscovery } from '../discovery/instance-discovery.js';
import type { Shard } from '../model/shard.js';
import type { Logger } from '../logger.js';
import { targetKey } from '../discovery/instance-target.js';
import { collectTargets, type TaskLister } from './collect-targets.js';
import { incrementalCalls, listingFields } from './listing-log.js';
import { describeError, InstanceStates } from './instance-states.js';
import type { RuleLister, SubscriptionRulesCache } from './subscription-rules-cache.js';
import type { TaskTagSettings } from './failed-task-tags.js';

/** What a reload may change; the next run uses it (a run in progress finishes with what it started with). */
export interface CollectionSettings {
  discovery: Pick<InstanceDiscovery, 'discover'>;
  lister: TaskLister;
  config: Pick<CollectionConfig, 'concurrency' | 'inProgressStatuses' | 'keepStaleData'>;
  shard: Shard;
  /** Lists subscription rules for `rules` (below); without both, no rules are listed. */
  ruleLister?: RuleLister;
  /** Tag results of failed tasks (collection.taskResultBudget); without it none are fetched. */
  taskTags?: TaskTagSettings;
}

/**
 * One collection: discover the targets, list every instance's tasks, fold the outcomes into the
 * per-instance states and produce an immutable snapshot. `run` never rejects; failures are data.
 *
 * Each instance's outcome is folded in and published (`latest`) as soon as it is known, so that one hanging
 * instance does not hold back the others' fresh data: until it finishes, `latest` carries the instances
 * done in this run and the last state of the others. Such a partial snapshot is only served to a scrape
 * that stops waiting for the collection, so its /metrics bytes are left to the renderer, which makes them
 * if a scrape asks; the snapshot that ends a run is published with its bytes prepared. Instances that are no longer targets are
 * removed when the run ends. Runs never overlap: a run asked for while one is in progress starts after it.
 */
export class Collection {
  private readonly states: InstanceStates;
  private inProgressStatuses: ReadonlySet<string>;
  private latestSnapshot: Snapshot | undefined;
  private attempts = 0;
  private firstStartedAtMs: number | undefined;
  private previousRun: Promise<unknown> = Promise.resolve();
  /** Publications asked for, and the newest one applied: a slower, older preparation never replaces a newer one. */
  private publicationsAsked = 0;
  private publicationApplied = 0;

  constructor(
    private deps: CollectionSettings & {
      metrics: ExporterMetrics;
      completions: CompletionTracker;
      /** Prepares a snapshot's /metrics bytes before it is published, so that a scrape only serves bytes. */
      prepare: SnapshotPreparer;
      /** Each instance's subscription rules, kept across runs and reloads; attached to every snapshot. */
      rules?: SubscriptionRulesCache;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.states = new InstanceStates(deps.config.keepStaleData);
    this.inProgressStatuses = new Set(deps.config.inProgressStatuses);
  }

  /**
   * The newest snapshot: while a run is in progress, the instances it has finished and the last state of
   * the others; undefined until the first instance outcome is known.
   */
  get latest(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  /** True once the first collection attempt has finished, successfully or not. */
  get attempted(): boolean {
    return this.attempts > 0;
  }

  /** Epoch ms when the first run started; undefined before it. */
  get firstRunStartedAtMs(): number | undefined {
    return this.firstStartedAtMs;
  }

  /** Replaces what a reload may change, from the next run on; instance states, counters and seen TaskIds are kept. */
  reconfigure(settings: CollectionSettings): void {
    this.deps = { ...this.deps, ...settings };
    this.states.keepStaleDataMs = settings.config.keepStaleData;
    this.inProgressStatuses = new Set(settings.config.inProgressStatuses);
  }

  run(): Promise<Snapshot> {
    const run = this.previousRun.then(() => this.runOnce());
    this.previousRun = run.catch(() => undefined);
    return run;
  }

  private async runOnce(): Promise<Snapshot> {
    // What a reload may replace is read once, here: a run finishes with the settings it started with.
    const { clock, logger, shard, discovery: instanceDiscovery, lister, config, rules, ruleLister, taskTags } = this.deps;
    const inProgressStatuses = this.inProgressStatuses;
    const startedAtMs = clock.now();
    this.firstStartedAtMs ??= startedAtMs;
    // Discovery's calls go through the same client, so they are counted too.
    const apiCallsBefore = lister.apiCalls;
    try {
      const discovery = await instanceDiscovery.discover();
      for (const failure of discovery.failures) {
        logger.warn({ region: failure.region, roleArn: failure.roleArn, error: describeError(failure.error) }, 'instance discovery failed; using the last known instances');
      }
      const outcomes = await collectTargets(discovery.targets, {
        lister,
        concurrency: config.concurrency,
        inProgressStatuses,
        completions: this.deps.completions,
        metrics: this.deps.metrics,
        clock,
        onOutcome: (outcome) => {
          this.states.record(outcome);
          this.publishPartial({ takenAtMs: clock.now(), instances: this.instanceSnapshots(taskTags), shard });
        },
        refreshRules: rules && ruleLister ? (target) => rules.refresh(target, ruleLister) : undefined,
      });
      for (const gone of this.states.retainOnly(discovery.targets)) {
        this.deps.metrics.forgetInstance(gone.region, gone.instanceId);
        this.deps.completions.forgetInstance(targetKey(gone));
        lister.forgetInstance(gone.region, gone.instanceId);
        rules?.forget(gone);
      }
      const taskResults = await taskTags?.store.fetchDue(this.states.snapshots(), { ...taskTags, concurrency: config.concurrency });

      const snapshot = await this.publish({
        takenAtMs: clock.now(),
        instances: this.instanceSnapshots(taskTags),
        shard,
      });
      logger.info(
        {
          durationSeconds: (clock.now() - startedAtMs) / 1000,
          apiCalls: lister.apiCalls - apiCallsBefore,
          taskResults,
          incrementalCalls: incrementalCalls(outcomes),
          instances: outcomes.map((outcome) => ({
            region: outcome.target.region,
            instanceId: outcome.target.instanceId,
            success: outcome.summary !== undefined,
            durationSeconds: outcome.durationSeconds,
            pages: outcome.pages,
            tasks: outcome.summary?.tasksListed,
            error: outcome.summary === undefined ? describeError(outcome.error) : undefined,
            ...listingFields(outcome.listing),
          })),
        },
        'collection finished',
      );
      return snapshot;
    } finally {
      this.attempts += 1;
    }
  }

  /** Every instance's state, with its subscription rules when they are listed and the tag results known so far attached (no call is made here). */
  private instanceSnapshots(taskTags: TaskTagSettings | undefined): InstanceSnapshot[] {
    const states = this.states.snapshots();
    const instances = this.deps.rules ? this.deps.rules.attachTo(states, this.deps.clock.now()) : states;
    return taskTags ? taskTags.store.attach(instances, taskTags.budget) : instances;
  }

  /** Makes a partial snapshot `latest` at once, without its bytes (the renderer makes them if a scrape asks). */
  private publishPartial(snapshot: Snapshot): void {
    const publication = ++this.publicationsAsked;
    this.publicationApplied = publication;
    this.latestSnapshot = snapshot;
  }

  /** Prepares the snapshot's bytes, then makes it `latest` unless a newer publication got there first. */
  private async publish(snapshot: Snapshot): Promise<Snapshot> {
    const publication = ++this.publicationsAsked;
    const prepared = await this.deps.prepare(snapshot);
    if (publication > this.publicationApplied) {
      this.publicationApplied = publication;
      this.latestSnapshot = prepared;
    }
    return prepared;
  }
}
