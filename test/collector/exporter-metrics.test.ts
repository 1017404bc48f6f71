import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { ExporterMetrics } from '../../src/collector/exporter-metrics.js';

function sampleLines(text: string, prefix: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(prefix));
}

describe('ExporterMetrics', () => {
  it('exposes build_info with the version and the Node.js version', async () => {
    const registry = new Registry();
    new ExporterMetrics(registry, { version: '1.2.3', nodejsVersion: '20.0.0' });

    expect(sampleLines(await registry.metrics(), 'acr_exporter_build_info')).toEqual([
      'acr_exporter_build_info{version="1.2.3",nodejs_version="20.0.0"} 1',
    ]);
  });

  it('defaults the Node.js version to the running one', async () => {
    const registry = new Registry();
    new ExporterMetrics(registry, { version: '1.2.3' });
    expect(await registry.metrics()).toContain(`nodejs_version="${process.versions.node}"`);
  });

  it('counts completed tasks per result and observes durations into the histogram', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { version: '1.2.3' });
    const sink = metrics.sinkFor('cn-hangzhou', 'cri-a');

    sink.taskCompleted('SUCCESS', 45);
    sink.taskCompleted('SUCCESS', 700);
    sink.taskCompleted('FAILED', undefined);
    const text = await registry.metrics();

    expect(sampleLines(text, 'acr_subscription_tasks_completed_total{')).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 1',
    ]);
    expect(sampleLines(text, 'acr_subscription_task_duration_seconds_')).toEqual([
      'acr_subscription_task_duration_seconds_bucket{le="10",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="30",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="60",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
      'acr_subscription_task_duration_seconds_bucket{le="120",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
      'acr_subscription_task_duration_seconds_bucket{le="300",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
      'acr_subscription_task_duration_seconds_bucket{le="600",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
      'acr_subscription_task_duration_seconds_bucket{le="1200",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="1800",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="3600",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="7200",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="14400",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="21600",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_bucket{le="+Inf",region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      'acr_subscription_task_duration_seconds_sum{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 745',
      'acr_subscription_task_duration_seconds_count{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 2',
      // A FAILED task without a computable duration is not observed; its series exists at 0.
      'acr_subscription_task_duration_seconds_bucket{le="10",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="30",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="60",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="120",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="300",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="600",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="1200",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="1800",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="3600",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="7200",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="14400",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="21600",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_bucket{le="+Inf",region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_sum{region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_count{region="cn-hangzhou",instance_id="cri-a",result="FAILED"} 0',
    ]);
  });

  it('creates the listed results at 0 without counting, and never resets a counted series', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { version: '1.2.3' });
    const sink = metrics.sinkFor('cn-beijing', 'cri-b');

    sink.taskCompleted('SUCCESS', 20);
    sink.resultsListed(['SUCCESS', 'FAILED', 'PARTIAL']);
    sink.resultsListed(['SUCCESS', 'FAILED']);

    const text = await registry.metrics();
    expect(sampleLines(text, 'acr_subscription_tasks_completed_total{')).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-beijing",instance_id="cri-b",result="SUCCESS"} 1',
      'acr_subscription_tasks_completed_total{region="cn-beijing",instance_id="cri-b",result="FAILED"} 0',
      'acr_subscription_tasks_completed_total{region="cn-beijing",instance_id="cri-b",result="PARTIAL"} 0',
    ]);
    expect(sampleLines(text, 'acr_subscription_task_duration_seconds_count')).toEqual([
      'acr_subscription_task_duration_seconds_count{region="cn-beijing",instance_id="cri-b",result="SUCCESS"} 1',
      'acr_subscription_task_duration_seconds_count{region="cn-beijing",instance_id="cri-b",result="FAILED"} 0',
      'acr_subscription_task_duration_seconds_count{region="cn-beijing",instance_id="cri-b",result="PARTIAL"} 0',
    ]);
  });

  it('forgetInstance removes that instance series and no other', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { version: '1.2.3' });
    const gone = metrics.sinkFor('cn-hangzhou', 'cri-gone');
    const kept = metrics.sinkFor('cn-hangzhou', 'cri-kept');
    gone.taskCompleted('SUCCESS', 20);
    gone.taskCompleted('FAILED', 20);
    kept.taskCompleted('SUCCESS', 20);

    metrics.forgetInstance('cn-hangzhou', 'cri-gone');
    const text = await registry.metrics();

    expect(text).not.toContain('cri-gone');
    expect(sampleLines(text, 'acr_subscription_tasks_completed_total{')).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-kept",result="SUCCESS"} 1',
    ]);
    expect(sampleLines(text, 'acr_subscription_task_duration_seconds_count')).toEqual([
      'acr_subscription_task_duration_seconds_count{region="cn-hangzhou",instance_id="cri-kept",result="SUCCESS"} 1',
    ]);
  });

  it('starts an instance forgotten and seen again from zero', async () => {
    const registry = new Registry();
    const metrics = new ExporterMetrics(registry, { version: '1.2.3' });
    metrics.sinkFor('cn-hangzhou', 'cri-a').taskCompleted('SUCCESS', 20);
    metrics.forgetInstance('cn-hangzhou', 'cri-a');

    metrics.sinkFor('cn-hangzhou', 'cri-a').taskCompleted('SUCCESS', 20);

    expect(sampleLines(await registry.metrics(), 'acr_subscription_tasks_completed_total{')).toEqual([
      'acr_subscription_tasks_completed_total{region="cn-hangzhou",instance_id="cri-a",result="SUCCESS"} 1',
    ]);
  });
});
