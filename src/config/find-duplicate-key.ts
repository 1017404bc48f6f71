/**
 * Repeated keys in one mapping, found in linear time. The yaml package's own check (option
 * uniqueKeys) compares each key with every earlier one, so a mapping of 50,000 keys took it
 * 17 s; it is switched off and this check takes its place, with the same message and position.
 */
import { isMap, isScalar, visit, type Document } from 'yaml';

/** The offset of the first key that repeats an earlier key of its mapping, or undefined. */
export function findDuplicateKey(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Like yaml's default: scalar keys are equal when their values are; other keys never are.
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          offset = pair.key.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return offset;
}
