/**
 * Expands Grafana's template variables in a PromQL expression the way Grafana's Prometheus data
 * source does, so a test can send dashboard queries to a real Prometheus: a multi-value or
 * include-All variable becomes `(a|b)` with regex characters escaped, the All value becomes its
 * allValue, and the built-in interval variables become durations.
 */

/** The built-in variables our dashboards use, with the values a test substitutes. */
export const DEFAULT_BUILTINS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __interval_ms: '15000',
  __range: '1h',
  __range_s: '3600',
  __range_ms: '3600000',
};

/**
 * A variable's selected values, its All option (with the allValue to use), or the value of a
 * single-value variable without All, such as a textbox, which Grafana inserts without regex escaping.
 */
export type VariableSelection = readonly string[] | { all: string } | { text: string };

// Grafana's prometheusSpecialRegexEscape: the escape is doubled because it lands in a PromQL string.
function escapeRegex(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

// Grafana's prometheusRegularEscape, for a variable that is neither multi-value nor include-All.
function escapeRegular(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

function render(selection: VariableSelection): string {
  if ('text' in selection) return escapeRegular(selection.text);
  if ('all' in selection) return selection.all;
  const values = selection as readonly string[];
  if (values.length === 1) return escapeRegex(values[0] ?? '');
  return `(${values.map(escapeRegex).join('|')})`;
}

// A bare name starts with a letter or _, so label_replace's "$1" is left alone.
const VARIABLE_REFERENCE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$([a-zA-Z_]\w*)/g;

/** Replaces every `$name`, `${name}`, `${name:format}` and `[[name]]`; throws on an unknown variable. */
export function expandGrafanaVariables(
  expr: string,
  selections: Readonly<Record<string, VariableSelection>>,
  builtins: Readonly<Record<string, string>> = DEFAULT_BUILTINS,
): string {
  return expr.replace(VARIABLE_REFERENCE, (reference, braced?: string, bracketed?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    const builtin = builtins[name];
    if (builtin !== undefined) return builtin;
    const selection = selections[name];
    if (selection === undefined) throw new Error(`no value for Grafana variable ${reference} in: ${expr}`);
    return render(selection);
  });
}
