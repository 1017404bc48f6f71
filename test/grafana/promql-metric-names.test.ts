import { describe, expect, it } from '@jest/globals';
import { metricNamesIn } from './promql-metric-names.js';

describe('metricNamesIn', () => {
  it('finds a bare selector', () => {
    expect(metricNamesIn('up')).toEqual(['up']);
  });

  it('ignores label names and values, including ones that look like metric names', () => {
    expect(metricNamesIn('acr_exporter_collect_success{region=~"$region", instance_id="up", job!="x,y}"}')).toEqual(['acr_exporter_collect_success']);
  });

  it('ignores functions, aggregations, label lists, ranges and keywords', () => {
    const expr =
      'sum by (region, instance_id) (increase(acr_subscription_tasks_completed_total{result!="SUCCESS"}[1h])) / ignoring (result) group_left (code) ' +
      'sum without (job) (rate(acr_exporter_api_requests_total[$__rate_interval] offset 5m)) > bool 0.9 unless on (a) vector(1e3)';
    expect(metricNamesIn(expr)).toEqual(['acr_exporter_api_requests_total', 'acr_subscription_tasks_completed_total']);
  });

  it('finds every operand of binary operators and inner selectors of calls', () => {
    const expr = 'time() - (acr_a > 0) and on (x) acr_b unless histogram_quantile(0.9, sum by (le) (rate(acr_c_bucket[5m])))';
    expect(metricNamesIn(expr)).toEqual(['acr_a', 'acr_b', 'acr_c_bucket']);
  });

  it('ignores strings of label_replace and Grafana variables', () => {
    expect(metricNamesIn('label_replace(acr_x, "dst_label", "$1", "src", "(.*)") * ${scale} + $offset')).toEqual(['acr_x']);
  });

  it('finds names after a line break before the brace', () => {
    expect(metricNamesIn('max by (region)\n  (acr_subscription_repository_tags\n{namespace="a"})')).toEqual(['acr_subscription_repository_tags']);
  });
});
