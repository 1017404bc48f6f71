/**
 * Readers for fields of the API's JSON, which is loosely typed in practice: numbers arrive as
 * numbers or numeric strings, absent values as a missing key, null or "". Each reader turns one
 * raw value into what the models expect and says when a present value could not be read.
 */

/** A JSON object as the API sent it. */
export type RawObject = Record<string, unknown>;

/** A read that may fail: `value` is undefined when absent or unreadable, `invalid` only when unreadable. */
export interface FieldRead<T> {
  value: T | undefined;
  invalid: boolean;
}

const DIGITS = /^\d+$/;

export function isRawObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A string field; numbers and booleans are written out, anything else absent is "". */
export function readString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A non-negative integer sent as a number or a string of digits. */
function readNonNegativeInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && DIGITS.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/**
 * Epoch milliseconds as a number or numeric string. Absent, "" and 0 mean "not set" (a running
 * task's EndTime is 0), not invalid; anything else that is not a non-negative integer is invalid.
 */
export function readEpochMs(value: unknown): FieldRead<number> {
  if (isAbsent(value)) return { value: undefined, invalid: false };
  const parsed = readNonNegativeInteger(value);
  if (parsed === undefined) return { value: undefined, invalid: true };
  return { value: parsed === 0 ? undefined : parsed, invalid: false };
}

/** A count (TagTotalCount, TagCount): a non-negative integer, as a number or numeric string. */
export function readCount(value: unknown): FieldRead<number> {
  if (isAbsent(value)) return { value: undefined, invalid: false };
  const parsed = readNonNegativeInteger(value);
  return { value: parsed, invalid: parsed === undefined };
}

/** TotalCount, PageSize and the like: undefined when absent or unreadable (paging then relies on page lengths). */
export function readOptionalCount(value: unknown): number | undefined {
  return readNonNegativeInteger(value);
}

/** A boolean sent as true/false or "true"/"false"; anything else is false. */
export function readBoolean(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** A list of strings; a single string becomes a one-element list, other entries are dropped. */
export function readStringList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
}
