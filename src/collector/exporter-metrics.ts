import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS, TASK_DURATION_BUCKETS_SECONDS, type LabelNames } from '../metric-names.js';
import type { CompletionSink } from './completion-sink.js';

/**
 * The long-lived metrics on the exporter's registry: the counters and the histogram that
 * accumulate across collections (fed through a CompletionSink per instance), and build_info.
 * Everything that describes "now" is rebuilt per snapshot instead (render-snapshot.ts); the two
 * sets of names never overlap, so the registries can be merged.
 */
export class ExporterMetrics {
  private readonly tasksCompleted: Counter<LabelNames<'tasksCompleted'>>;
  private readonly taskDuration: Histogram<LabelNames<'taskDuration'>>;
  /** Label values used per instance, so forgetInstance can remove exactly those series. */
  private readonly resultsByInstance = new Map<string, Set<string>>();

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
    const buildInfo = new Gauge<LabelNames<'buildInfo'>>({ ...METRICS.buildInfo, labelNames: [...METRICS.buildInfo.labelNames], registers });
    buildInfo.set({ version: build.version, nodejs_version: build.nodejsVersion ?? process.versions.node }, 1);
  }

  /** The sink through which one instance's collections update the counters and the histogram. */
  sinkFor(region: string, instanceId: string): CompletionSink {
    return {
      taskCompleted: (result, durationSeconds) => {
        const labels = this.ensureResultSeries(region, instanceId, result);
        this.tasksCompleted.inc(labels);
        if (durationSeconds !== undefined) this.taskDuration.observe(labels, durationSeconds);
      },
      resultsListed: (results) => {
        for (const result of results) this.ensureResultSeries(region, instanceId, result);
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
    this.resultsByInstance.delete(key);
  }

  /** Creates the result's counter and histogram series at 0 the first time the instance has it; returns their labels. */
  private ensureResultSeries(region: string, instanceId: string, result: string): LabelValues {
    const labels = { region, instance_id: instanceId, result };
    const key = instanceMapKey(region, instanceId);
    if (this.resultsByInstance.get(key)?.has(result)) return labels;
    addTo(this.resultsByInstance, key, result);
    this.tasksCompleted.inc(labels, 0);
    this.taskDuration.zero(labels);
    return labels;
  }
}

type LabelValues = Record<LabelNames<'tasksCompleted'>, string>;

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
