import type { Clock } from '../clock.js';
import type { CollectionConfig } from '../config/types.js';
import type { ExporterMetrics } from '../collector/exporter-metrics.js';
import type { CompletionTracker } from '../collector/completion-tracker.js';
import type { Snapshot } from '../collector/snapshot.js';
import type { SnapshotPreparer } from '../collector/snapshot-exposition.js';
import type { InstanceDiscovery } from '../discovery/instance-discovery.js';
import type { Shard } from '../model/shard.js';
import type { Logger } from '../logger.js';
import { targetKey } from '../discovery/instance-target.js';
import { collectTargets, type TaskLister } from './collect-targets.js';
import { describeError, InstanceStates } from './instance-states.js';

/** Share of the targets whose outcomes are folded in before a partial snapshot is published (and its bytes prepared). */
const PARTIAL_PUBLICATION_SHARE = 0.1;

/** What a reload may change; the next run uses it (a run in progress finishes with what it started with). */
export interface CollectionSettings {
  discovery: Pick<InstanceDiscovery, 'discover'>;
  lister: TaskLister;
  config: Pick<CollectionConfig, 'concurrency' | 'inProgressStatuses' | 'keepStaleDataMs'>;
  shard: Shard;
}

/**
 * One collection: discover the targets, list every instance's tasks, fold the outcomes into the
 * per-instance states and produce an immutable snapshot. `run` never rejects; failures are data.
 *
 * Each instance's outcome is folded in as soon as it is known and published (`latest`, with its /metrics
 * bytes prepared) after every tenth of the targets and after each outcome once only in-flight instances
 * remain, so that one hanging instance does not hold back the others' fresh data: until it finishes,
 * `latest` carries the instances done in this run and the last state of the others. Instances that are no longer targets are
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
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.states = new InstanceStates(deps.config.keepStaleDataMs);
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
    this.states.keepStaleDataMs = settings.config.keepStaleDataMs;
    this.inProgressStatuses = new Set(settings.config.inProgressStatuses);
  }

  run(): Promise<Snapshot> {
    const run = this.previousRun.then(() => this.runOnce());
    this.previousRun = run.catch(() => undefined);
    return run;
  }

  private async runOnce(): Promise<Snapshot> {
    // What a reload may replace is read once, here: a run finishes with the settings it started with.
    const { clock, logger, shard, discovery: instanceDiscovery, lister, config } = this.deps;
    const inProgressStatuses = this.inProgressStatuses;
    const startedAtMs = clock.now();
    this.firstStartedAtMs ??= startedAtMs;
    // Discovery's calls go through the same client, so they are counted too.
    const apiCallsBefore = lister.apiCalls;
    try {
      const discovery = await instanceDiscovery.discover();
      for (const failure of discovery.failures) {
        logger.warn({ region: failure.region, error: describeError(failure.error) }, 'instance discovery failed; using the last known instances');
      }
      let finished = 0;
      let publishedAt = 0;
      const outcomes = await collectTargets(discovery.targets, {
        lister,
        concurrency: config.concurrency,
        inProgressStatuses,
        completions: this.deps.completions,
        metrics: this.deps.metrics,
        clock,
        onOutcome: (outcome) => {
          this.states.record(outcome);
          finished += 1;
          const unfinished = discovery.targets.length - finished;
          // Preparing a snapshot's bytes renders every instance: not after each of hundreds of outcomes, but
          // after each PARTIAL_PUBLICATION_SHARE of them, and after each once only in-flight instances remain
          // (any of them may hang, and the others' fresh data must not wait for it).
          if (finished - publishedAt < Math.ceil(discovery.targets.length * PARTIAL_PUBLICATION_SHARE) && unfinished > config.concurrency) return;
          publishedAt = finished;
          this.publish({ takenAtMs: clock.now(), instances: this.states.snapshots(), shard }).catch((error: unknown) => {
            logger.error({ error: describeError(error) }, 'preparing the exposition of a partial snapshot failed');
          });
        },
      });
      for (const gone of this.states.retainOnly(discovery.targets)) {
        this.deps.metrics.forgetInstance(gone.region, gone.instanceId);
        this.deps.completions.forgetInstance(targetKey(gone));
      }

      const snapshot = await this.publish({
        takenAtMs: clock.now(),
        instances: this.states.snapshots(),
        shard,
      });
      logger.info(
        {
          durationSeconds: (clock.now() - startedAtMs) / 1000,
          apiCalls: lister.apiCalls - apiCallsBefore,
          instances: outcomes.map((outcome) => ({
            region: outcome.target.region,
            instanceId: outcome.target.instanceId,
            success: outcome.summary !== undefined,
            durationSeconds: outcome.durationSeconds,
            pages: outcome.pages,
            tasks: outcome.summary?.tasksListed,
            error: outcome.summary === undefined ? describeError(outcome.error) : undefined,
          })),
        },
        'collection finished',
      );
      return snapshot;
    } finally {
      this.attempts += 1;
    }
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
