/**
 * The one place where the layers meet: defaults < file < env < flags. Defaults are the schema's
 * (applied when it parses); here the file's mapping is overlaid with env and flag settings, in
 * that order, and each value remembers where it came from so an error can say so.
 */

/** One value set from outside the file: `collection.cacheTtl` = "30s" from `env ACR_COLLECTION_CACHE_TTL`. */
export interface Setting {
  /** Dotted key path, e.g. `collection.cacheTtl`. */
  path: string;
  value: unknown;
  /** `env ACR_...` or `flag --...`. */
  source: string;
}

export interface MergedSettings {
  /** The merged, not yet validated, configuration in the file's shape. */
  raw: Record<string, unknown>;
  /** Dotted key path -> where its value came from; "" is the whole file. */
  sources: ReadonlyMap<string, string>;
}

/** Later settings win over earlier ones and over the file; a list is replaced, never appended. */
export function mergeSettings(
  file: { values: Record<string, unknown>; source: string } | undefined,
  settings: readonly Setting[],
): MergedSettings {
  const raw = file ? withoutNulls(file.values) : {};
  const sources = new Map<string, string>();
  if (file) sources.set('', file.source);
  for (const setting of settings) {
    setAt(raw, setting.path.split('.'), setting.value);
    sources.set(setting.path, setting.source);
  }
  return { raw, sources };
}

/** Where the value at `path` (e.g. ['regions', 0, 'id']) came from: the nearest recorded ancestor's source. */
export function sourceAt(sources: ReadonlyMap<string, string>, path: readonly PropertyKey[]): string | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const source = sources.get(path.slice(0, length).map(String).join('.'));
    if (source !== undefined) return source;
  }
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy in which a key without a value (`discovery:` or `shard: null`) is absent, so it takes
 * its default. Object.fromEntries keeps a key named __proto__ as a plain (unknown, so reported) key.
 */
function withoutNulls(mapping: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(mapping)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, isMapping(value) ? withoutNulls(value) : value]),
  );
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const mapping = isMapping(child) ? child : {};
  target[head] = mapping;
  setAt(mapping, rest, value);
}
