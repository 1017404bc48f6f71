/**
 * How a received value appears in a ConfigError message: strings quoted (so "" and " 30s" are
 * visible), numbers as written (NaN, Infinity), lists and mappings by their size, credentials
 * redacted, control and line-separator characters escaped so the message stays one line.
 *
 * A value is quoted whole only when it is short. Every valid value of a key with a fixed form
 * (an enum, a duration, a number, a region id, a listen address) fits; a longer value is most
 * likely pasted by mistake, and may be a secret: an Alibaba Cloud AccessKey secret has 30
 * characters, an AccessKey id 24, an STS token hundreds, so none is ever printed whole.
 */
import { redactUserinfoIn } from './redact-userinfo.js';

/** Values up to this many characters (without quotes) are quoted whole. */
export const MAX_QUOTED_CHARS = 20;
/** Of a longer value, this many characters are shown, then `…(N chars)`. */
export const CUT_VALUE_PREFIX_CHARS = 10;

/** A name (a flag, a variable) printed as it is: a plain word of at most 40 characters; others are quoted like a value. */
const PLAIN_NAME = /^-{0,2}[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_NAME_CHARS = 40;
/**
 * A key of the file is printed as it is up to 24 characters: the longest real key has 21, and an
 * AccessKey secret (30) pasted as a key is cut.
 */
export const MAX_KEY_NAME_CHARS = 24;

/** Characters JSON.stringify leaves raw that still break or disguise a line: C1 controls, line separators, bidi overrides. */
const UNSAFE_CHARACTERS = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** The same, with the C0 controls (newline, tab, ...), for text that is not JSON-quoted. */
const UNSAFE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** A file path is printed as it is up to this length, unless it holds an unsafe character. */
const MAX_PLAIN_PATH_CHARS = 200;

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoteText(redactUserinfoIn(value) as string);
  if (typeof value === 'number') return String(value); // JSON would print NaN and Infinity as null
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `a list of ${value.length} value${value.length === 1 ? '' : 's'}`;
  // YAML's !!binary and (under %YAML 1.1) timestamps.
  if (ArrayBuffer.isView(value)) return `binary data of ${value.byteLength} bytes`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : `the date ${value.toISOString()}`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).length;
    return keys === 0 ? '{}' : `a mapping of ${keys} key${keys === 1 ? '' : 's'}`;
  }
  return String(value); // null, undefined, booleans
}

/**
 * A key, flag or variable name as the user spelled it: as it is when it is a plain word of at
 * most `maxChars` (every real name is), else quoted and cut like a value, since a name made up
 * by a file or a command line may hold a newline or a pasted secret.
 */
export function describeName(name: string, maxChars = MAX_NAME_CHARS): string {
  return name.length <= maxChars && PLAIN_NAME.test(name) ? name : quoteText(name);
}

/** A file path as it is, or quoted and cut when it is very long or holds a control character. */
export function describePath(path: string): string {
  UNSAFE_OR_CONTROL.lastIndex = 0;
  return path !== '' && path.length <= MAX_PLAIN_PATH_CHARS && !UNSAFE_OR_CONTROL.test(path) ? path : quoteText(path);
}

/** Text from elsewhere (a parser's message) made one line: control characters escaped, cut after `maxChars` with "…". */
export function oneLineText(text: string, maxChars: number): string {
  const head = Array.from(text.slice(0, maxChars * 2));
  const cut = head.length > maxChars || text.length > maxChars * 2;
  return head.slice(0, maxChars).join('').replace(UNSAFE_OR_CONTROL, escapeCharacter) + (cut ? '…' : '');
}

/**
 * `text` in double quotes, escaped as JSON and then for the characters in UNSAFE_CHARACTERS,
 * cut to CUT_VALUE_PREFIX_CHARS characters plus its length when longer than MAX_QUOTED_CHARS.
 * Lengths count code points, so a cut never splits a character.
 */
export function quoteText(text: string): string {
  const length = codePointCount(text, MAX_QUOTED_CHARS + 1);
  if (length <= MAX_QUOTED_CHARS) return escapeText(text);
  const prefix = Array.from(text.slice(0, CUT_VALUE_PREFIX_CHARS * 2)).slice(0, CUT_VALUE_PREFIX_CHARS).join('');
  return `${escapeText(prefix)}…(${codePointCount(text, Infinity)} chars)`;
}

function escapeText(text: string): string {
  return JSON.stringify(text).replace(UNSAFE_CHARACTERS, escapeCharacter);
}

function escapeCharacter(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Code points in `text`, counting no further than `stop` (a long value is not walked twice). */
function codePointCount(text: string, stop: number): number {
  let count = 0;
  for (let index = 0; index < text.length && count < stop; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}
