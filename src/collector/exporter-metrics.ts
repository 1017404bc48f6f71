import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { InvalidTaskReason } from '../api/models.js';
import { METRICS, TASK_DURATION_BUCKETS_SECONDS, type LabelNames } from '../metric-names.js';
import type { CollectionSink } from './collection-sink.js';

/**
 * The long-lived metrics on the exporter's registry: the counters and the histogram that
 * accumulate across collections (fed through a CollectionSink per instance), and build_info.
 * Everything that describes "now" is rebuilt per snapshot instead (render-snapshot.ts); the two
 * sets of names never overlap, so the registries can be merged.
 */
export class ExporterMetrics {
  private readonly tasksCompleted: Counter<LabelNames<'tasksCompleted'>>;
  private readonly taskDuration: Histogram<LabelNames<'taskDuration'>>;
  private readonly invalidTasks: Counter<LabelNames<'invalidTasks'>>;
  /** Label values used per instance, so forgetInstance can remove exactly those series. */
  private readonly resultsByInstance = new Map<string, Set<string>>();
  private readonly reasonsByInstance = new Map<string, Set<InvalidTaskReason>>();

  /**
   * @param registry the exporter's registry (never prom-client's global one)
   * @param build version: the exporter's version (package.json); nodejsVersion: default process.versions.node
   */
  constructor(registry: Registry, build: { version: string; nodejsVersion?: string }) {
    const registers = [registry];
    this.tasksCompleted = new Counter({ ...METRICS.tasksCompleted, labelNames: [...METRICS.tasksCompleted.labelNames], registers });
    this.taskDuration = new Histogram({
      ...METRICS.taskDuration,
      labelNames: [...METRICS.taskDuration.labelNames],
      buckets: [...TASK_DURATION_BUCKETS_SECONDS],
      registers,
    });
    this.invalidTasks = new Counter({ ...METRICS.invalidTasks, labelNames: [...METRICS.invalidTasks.labelNames], registers });
    const buildInfo = new Gauge<LabelNames<'buildInfo'>>({ ...METRICS.buildInfo, labelNames: [...METRICS.buildInfo.labelNames], registers });
    buildInfo.set({ version: build.version, nodejs_version: build.nodejsVersion ?? process.versions.node }, 1);
  }

  /** The sink through which one instance's collections update the counters and the histogram. */
  sinkFor(region: string, instanceId: string): CollectionSink {
    const key = instanceMapKey(region, instanceId);
    return {
      taskCompleted: (result, durationSeconds) => {
        addTo(this.resultsByInstance, key, result);
        this.tasksCompleted.inc({ region, instance_id: instanceId, result });
        if (durationSeconds !== undefined) this.taskDuration.observe({ region, instance_id: instanceId, result }, durationSeconds);
      },
      invalidTask: (reason) => {
        addTo(this.reasonsByInstance, key, reason);
        this.invalidTasks.inc({ region, instance_id: instanceId, reason });
      },
    };
  }

  /** Removes every series of the instance: call when it is no longer collected (gone, filtered, other shard). */
  forgetInstance(region: string, instanceId: string): void {
    const key = instanceMapKey(region, instanceId);
    for (const result of this.resultsByInstance.get(key) ?? []) {
      this.tasksCompleted.remove({ region, instance_id: instanceId, result });
      this.taskDuration.remove({ region, instance_id: instanceId, result });
    }
    for (const reason of this.reasonsByInstance.get(key) ?? []) {
      this.invalidTasks.remove({ region, instance_id: instanceId, reason });
    }
    this.resultsByInstance.delete(key);
    this.reasonsByInstance.delete(key);
  }
}

function instanceMapKey(region: string, instanceId: string): string {
  return `${region}\u0000${instanceId}`;
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let values = map.get(key);
  if (!values) {
    values = new Set();
    map.set(key, values);
  }
  values.add(value);
}
