/**
 * Turns the schema's first complaint into the one-line ConfigError the user sees:
 * `<key path>: <value> is not ...; expected ... (from <file, env var or flag>)`.
 */
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { didYouMean } from './closest-name.js';
import { describeName, describeValue, MAX_KEY_NAME_CHARS } from './describe-value.js';
import { sourceAt, type MergedSettings } from './merge-settings.js';
import { CONFIG_KEYS } from './schema.js';

/** Unknown keys named like this get a reminder of where credentials really come from. */
const CREDENTIAL_KEY = /secret|password|token|access.?key/i;
const CREDENTIAL_HINT =
  '; credentials never go in the config file: use the ALIBABA_CLOUD_* variables, a credentials file, ACK RRSA or an ECS RAM role';

const EXPECTED_CONTAINERS: Readonly<Record<string, string>> = { object: 'a mapping of keys', array: 'a list' };

type Issue = z.core.$ZodIssue;

export function configErrorFromIssue(issue: Issue, merged: MergedSettings): ConfigError {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = [...issue.path, key];
    const hint = CREDENTIAL_KEY.test(key) ? CREDENTIAL_HINT : didYouMean(key, siblingKeys(issue.path));
    return new ConfigError(formatKeyPath(path), `unknown key${hint}`, sourceAt(merged.sources, path));
  }
  return new ConfigError(formatKeyPath(issue.path), detailOf(issue, valueAt(merged.raw, issue.path)), sourceOf(issue, merged));
}

/** Where the value came from; a check that read something other than a setting (env POD_NAME) names it in params.source ('' for nothing). */
function sourceOf(issue: Issue, merged: MergedSettings): string | undefined {
  const named: unknown = issue.code === 'custom' ? issue.params?.['source'] : undefined;
  if (typeof named === 'string') return named === '' ? undefined : named;
  return sourceAt(merged.sources, issue.path);
}

/**
 * ['regions', 0, 'id'] -> regions[0].id; [] -> (top level). A key the file made up is shown as
 * it is when it is a plain word, else quoted like a value: it may hold a newline or a secret.
 */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${describeName(String(part), MAX_KEY_NAME_CHARS)}`)).join('');
}

function detailOf(issue: Issue, value: unknown): string {
  if (issue.code === 'custom') return issue.message;
  const expected = issue.code === 'invalid_type' ? (EXPECTED_CONTAINERS[issue.expected] ?? issue.expected) : undefined;
  if (value === undefined) return `missing; expected ${expected ?? 'a value'}`;
  if (expected) return `${describeValue(value)} is not allowed; expected ${expected}`;
  return `${describeValue(value)} is not allowed: ${issue.message}`; // not produced by our schema today
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** The keys allowed next to an unknown one, for the "did you mean" hint. */
function siblingKeys(parentPath: readonly PropertyKey[]): string[] {
  const parent = parentPath.map((part) => (typeof part === 'number' ? '[]' : String(part))).join('.').replaceAll('.[]', '[]');
  const prefix = parent === '' ? '' : `${parent}.`;
  const names = CONFIG_KEYS.filter((key) => key.path.startsWith(prefix)).map((key) => key.path.slice(prefix.length).split(/[.[]/)[0] ?? '');
  return [...new Set(names)];
}
