/**
 * "Did you mean ...?" for a misspelt key, env var or flag: most unknown names are typos of a
 * real one, and naming it saves a trip to --help.
 */

/** Names further away than this many edits (or a third of the name) are not suggested. */
const MAX_EDITS = 3;

/** The known name closest to `name`, or undefined when none is close. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(MAX_EDITS, Math.ceil(name.length / 3));
  let best: { name: string; edits: number } | undefined;
  for (const candidate of known) {
    // More edits than the limit by length alone; also keeps a megabyte-long name from costing seconds.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const edits = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (edits <= limit && (!best || edits < best.edits)) best = { name: candidate, edits };
  }
  return best?.name;
}

/** " (did you mean X?)" or "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const closest = closestName(name, known);
  return closest === undefined ? '' : ` (did you mean ${closest}?)`;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
