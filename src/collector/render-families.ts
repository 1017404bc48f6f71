import type { Registry } from 'prom-client';

/**
 * The families of `registry` whose names pass `include`, as prom-client's `registry.metrics()` renders
 * them (text format 0.0.4: families separated by a blank line, a final newline), with their names.
 * '' when none passes.
 */
export async function renderFamilies(registry: Registry, include: (name: string) => boolean): Promise<{ text: string; names: ReadonlySet<string> }> {
  const names = registry
    .getMetricsAsArray()
    .map((metric) => metric.name)
    .filter(include);
  const families = await Promise.all(names.map((name) => registry.getSingleMetricAsString(name)));
  return { text: families.length === 0 ? '' : `${families.join('\n\n')}\n`, names: new Set(names) };
}
