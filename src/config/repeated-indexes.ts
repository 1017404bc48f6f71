/**
 * Which items of a list repeat an earlier one, in one pass with a Set: a static list of 100,000
 * instance ids took 16.6 s to validate when each item was looked up with indexOf.
 */

/** Indexes, ascending, of the items whose key (SameValueZero) equals an earlier item's. */
export function repeatedIndexes<T>(items: readonly T[], keyOf: (item: T) => unknown = (item) => item): number[] {
  const seen = new Set<unknown>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) repeated.push(index);
    else seen.add(key);
  });
  return repeated;
}
