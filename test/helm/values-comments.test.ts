import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { describe, expect, it } from '@jest/globals';
import { CHART_DIR } from './chart-values.js';

/**
 * Dotted paths of the keys in `map` that have no comment: none on the line(s) before the key
 * (the yaml parser attaches the first key's comment to the map itself) and none after the value.
 * Keys inside list items are part of an example value, not values of their own.
 */
function uncommentedKeys(map: YAMLMap, prefix: string): string[] {
  return map.items.flatMap((pair: Pair, index) => {
    const name = `${prefix}${isScalar(pair.key) ? String(pair.key.value) : '?'}`;
    const keyNode = pair.key as { commentBefore?: string | null; comment?: string | null } | null;
    const valueNode = pair.value as { comment?: string | null } | null;
    const comments = [keyNode?.commentBefore, keyNode?.comment, valueNode?.comment, index === 0 ? map.commentBefore : undefined];
    const own = comments.some((comment) => typeof comment === 'string' && comment.trim() !== '') ? [] : [name];
    const nested = isMap(pair.value) ? uncommentedKeys(pair.value, `${name}.`) : [];
    return [...own, ...nested];
  });
}

describe('values.yaml', () => {
  const document = parseDocument(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'));

  it('comments every value', () => {
    expect(isMap(document.contents)).toBe(true);

    expect(uncommentedKeys(document.contents as YAMLMap, '')).toEqual([]);
  });

  it('finds a value without a comment (the check can fail)', () => {
    const sample = parseDocument('# -- documented\na: 1\nb:\n  # -- documented\n  c: 2\n  d: 3\nlist:\n  - e: 4\n');

    expect(uncommentedKeys(sample.contents as YAMLMap, '')).toEqual(['b', 'b.d', 'list']);
    expect(isSeq((sample.contents as YAMLMap).get('list'))).toBe(true);
  });
});
