/**
 * Durations as people write them in Prometheus configs: "30s", "5m", "1h30m", "250ms", "0".
 * Units, largest first, each at most once: d, h, m, s, ms. No fractions, no spaces, no sign.
 */
import { ConfigError } from '../errors.js';
import { quoteText } from './describe-value.js';

/**
 * A duration as the running configuration holds it. The configuration keeps each key's YAML name
 * (`collection.cacheTtl`, not `cacheTtlMs`): a key typed Milliseconds is written "30s" in the file,
 * env and flags and is the number 30000 after loading.
 */
export type Milliseconds = number;

/** Shown in every "not a duration" message, so the user sees the accepted form. */
export const DURATION_EXAMPLES = 'e.g. 30s, 5m, 1h';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;

/** Largest unit first; the order formatDuration prints and parseDuration expects. */
const UNITS_DESCENDING: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

// `m(?!s)` keeps "5ms" from being read as five minutes followed by garbage.
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not a duration (or too large to be exact). */
export function tryParseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === '') return undefined;
  let total = 0;
  UNITS_DESCENDING.forEach((unit, index) => {
    const digits = match[index + 1];
    if (digits !== undefined) total += Number(digits) * UNIT_MS[unit];
  });
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * Milliseconds of a duration such as "1h30m".
 * @throws ConfigError naming `path` when `text` is not a duration.
 */
export function parseDuration(text: string, path = 'duration'): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) throw new ConfigError(path, `${quoteText(text)} is not a duration; expected ${DURATION_EXAMPLES}`);
  return ms;
}

/** The shortest text parseDuration reads back as `ms`: 90000 -> "1m30s", 0 -> "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`formatDuration: ${ms} is not a whole number of milliseconds >= 0`);
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of UNITS_DESCENDING) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * UNIT_MS[unit];
  }
  return text;
}
