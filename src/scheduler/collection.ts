import type { Clock } from '../clock.js';
import type { CollectionConfig } from '../config/types.js';
import type { ExporterMetrics } from '../collector/exporter-metrics.js';
import type { CompletionTracker } from '../collector/completion-tracker.js';
import type { CollectionSnapshot } from '../collector/snapshot.js';
import type { InstanceDiscovery } from '../discovery/instance-discovery.js';
import type { Shard } from '../discovery/shard.js';
import type { Logger } from '../logger.js';
import { targetKey } from '../discovery/collection-target.js';
import { collectTargets, type TaskLister } from './collect-targets.js';
import { describeError, InstanceStates } from './instance-states.js';

/**
 * One collection: discover the targets, list every instance's tasks, fold the outcomes into the
 * per-instance states and produce an immutable snapshot. `run` never rejects; failures are data.
 */
export class Collection {
  private readonly states: InstanceStates;
  private readonly inProgressStatuses: ReadonlySet<string>;
  private latestSnapshot: CollectionSnapshot | undefined;
  private attempts = 0;

  constructor(
    private readonly deps: {
      discovery: Pick<InstanceDiscovery, 'discover'>;
      lister: TaskLister;
      metrics: ExporterMetrics;
      completions: CompletionTracker;
      config: Pick<CollectionConfig, 'concurrency' | 'inProgressStatuses' | 'keepStaleDataMs'>;
      shard: Shard;
      clock: Clock;
      logger: Logger;
      /** Total API attempts so far (from acr_exporter_api_requests_total), for the log line. */
      countApiCalls: () => Promise<number>;
    },
  ) {
    this.states = new InstanceStates(deps.config.keepStaleDataMs);
    this.inProgressStatuses = new Set(deps.config.inProgressStatuses);
  }

  /** The last completed snapshot, if any. */
  get latest(): CollectionSnapshot | undefined {
    return this.latestSnapshot;
  }

  /** True once the first collection attempt has finished, successfully or not. */
  get attempted(): boolean {
    return this.attempts > 0;
  }

  async run(): Promise<CollectionSnapshot> {
    const { clock, logger } = this.deps;
    const startedAtMs = clock.now();
    const apiCallsBefore = await this.deps.countApiCalls();
    try {
      const discovery = await this.deps.discovery.discover();
      for (const failure of discovery.failures) {
        logger.warn({ region: failure.region, error: describeError(failure.error) }, 'instance discovery failed; using the last known instances');
      }
      const outcomes = await collectTargets(discovery.targets, {
        lister: this.deps.lister,
        concurrency: this.deps.config.concurrency,
        inProgressStatuses: this.inProgressStatuses,
        completions: this.deps.completions,
        metrics: this.deps.metrics,
        clock,
      });
      for (const gone of this.states.update(outcomes)) {
        this.deps.metrics.forgetInstance(gone.region, gone.instanceId);
        this.deps.completions.forgetInstance(targetKey(gone));
      }

      const snapshot: CollectionSnapshot = {
        takenAtMs: clock.now(),
        instances: this.states.snapshots(),
        shard: this.deps.shard,
      };
      this.latestSnapshot = snapshot;
      logger.info(
        {
          durationSeconds: (clock.now() - startedAtMs) / 1000,
          apiCalls: (await this.deps.countApiCalls()) - apiCallsBefore,
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
}
