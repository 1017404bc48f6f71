/**
 * The metric names a PromQL expression reads, found without a full parser: strings, label
 * matchers, ranges and label lists are blanked out, then every remaining identifier that is not
 * a function call, a keyword or a Grafana variable is a metric name. Good enough for the
 * expressions of our dashboards and rules, whose tests check it on tricky cases.
 */

/** PromQL words that look like identifiers but are not metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const LABEL_MATCHERS = /\{[^}]*\}/g;
const RANGES_AND_SUBQUERIES = /\[[^\]]*\]/g;
const LABEL_LISTS = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi;
const GRAFANA_VARIABLE = /\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g;
// An identifier not glued to a digit or a dot (so `1e3` and `5m` are not names).
const IDENTIFIER = /(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*/g;

export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(STRING_LITERAL, '""')
    .replace(LABEL_MATCHERS, ' ')
    .replace(RANGES_AND_SUBQUERIES, ' ')
    .replace(LABEL_LISTS, ' ')
    .replace(GRAFANA_VARIABLE, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(IDENTIFIER)) {
    const name = match[0];
    const rest = bare.slice((match.index ?? 0) + name.length);
    if (/^\s*\(/.test(rest)) continue; // a function or an aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names].sort();
}
