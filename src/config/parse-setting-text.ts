/**
 * Env vars and flags are text; this turns the text of one key into the shape the schema checks
 * (a list, the regions), leaving every other value as text for the schema to judge, so a bad
 * value is reported once, by the schema, with the text as the user typed it.
 */
import type { ConfigKey } from './schema.js';

/**
 * Lists are comma-separated, with spaces around items removed and empty items dropped, so ""
 * is the empty list. In regular expressions a comma inside (), [] or {} does not split:
 * "^cri-[a-z]{2,4}$,^test" is two patterns.
 */
export function parseSettingText(key: Pick<ConfigKey, 'kind'>, text: string): unknown {
  switch (key.kind) {
    case 'list':
      return splitItems(text.split(','));
    case 'regex-list':
      return splitItems(splitOutsideBrackets(text));
    case 'regions':
      // From env or flags a region is only its id: its instances are discovered.
      return splitItems(text.split(',')).map((id) => ({ id }));
    default:
      return text;
  }
}

function splitItems(parts: string[]): string[] {
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0; // open ( and { groups
  let inClass = false; // inside [...], where only ] is special
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1; // an escaped character never opens, closes or splits
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(' || char === '{') depth += 1;
    else if ((char === ')' || char === '}') && depth > 0) depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
