import type { DiscoveryConfig } from '../config/types.js';

/** The include/exclude filters of `discovery`, compiled once. */
export interface InstanceFilter {
  /** True when an instance with this id and name is collected. */
  accepts(instanceId: string, instanceName: string): boolean;
}

function compile(sources: readonly string[]): RegExp[] {
  // The config layer validated every pattern, so compiling cannot throw here.
  return sources.map((source) => new RegExp(source));
}

/**
 * An instance is kept when it matches an include pattern (an empty include list matches all) of both
 * id and name, and no exclude pattern of either.
 */
export function createInstanceFilter(config: Pick<DiscoveryConfig, 'includeIds' | 'excludeIds' | 'includeNames' | 'excludeNames'>): InstanceFilter {
  const includeIds = compile(config.includeIds);
  const excludeIds = compile(config.excludeIds);
  const includeNames = compile(config.includeNames);
  const excludeNames = compile(config.excludeNames);
  const included = (patterns: RegExp[], value: string) => patterns.length === 0 || patterns.some((p) => p.test(value));
  const excluded = (patterns: RegExp[], value: string) => patterns.some((p) => p.test(value));
  return {
    accepts: (instanceId, instanceName) =>
      included(includeIds, instanceId) &&
      included(includeNames, instanceName) &&
      !excluded(excludeIds, instanceId) &&
      !excluded(excludeNames, instanceName),
  };
}
