import type { Metric, Registry } from 'prom-client';

/**
 * The metric named `name` on `registry`: the one an earlier client registered there, or a new one
 * from `create`. A client rebuilt on a configuration reload thereby continues the same series.
 */
export function sharedMetric<M extends Metric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
