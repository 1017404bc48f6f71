import { describe, expect, it } from '@jest/globals';
import { expandGrafanaVariables } from './expand-grafana-variables.js';

describe('expandGrafanaVariables', () => {
  it('joins several values into a regex alternation', () => {
    const expr = expandGrafanaVariables('acr_x{region=~"$region"}', { region: ['cn-hangzhou', 'cn-shanghai'] });

    expect(expr).toBe('acr_x{region=~"(cn-hangzhou|cn-shanghai)"}');
  });

  it('uses the allValue for the All option', () => {
    expect(expandGrafanaVariables('acr_x{instance_id=~"${instance_id}"}', { instance_id: { all: '.*' } })).toBe('acr_x{instance_id=~".*"}');
  });

  it('escapes regex characters of a value the way Grafana does', () => {
    expect(expandGrafanaVariables('acr_x{repository=~"$repository"}', { repository: ['web.app'] })).toBe('acr_x{repository=~"web\\\\.app"}');
  });

  it('inserts a textbox value as is, regex characters included', () => {
    expect(expandGrafanaVariables('acr_x{status=~"$in_progress"}', { in_progress: { text: 'RUNNING|PENDING' } })).toBe('acr_x{status=~"RUNNING|PENDING"}');
  });

  it('expands the built-in interval variables and the [[name]] form', () => {
    const expr = expandGrafanaVariables('rate(acr_y{job=~"[[job]]"}[$__rate_interval]) * $__range_s', { job: ['acr'] });

    expect(expr).toBe('rate(acr_y{job=~"acr"}[1m]) * 3600');
  });

  it('refuses a variable it has no value for', () => {
    expect(() => expandGrafanaVariables('acr_x{namespace=~"$namespace"}', {})).toThrow('no value for Grafana variable $namespace');
  });
});
