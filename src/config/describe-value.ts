/**
 * How a received value appears in a ConfigError message: strings quoted (so "" and " 30s" are
 * visible), other values as JSON, long values shortened, credentials redacted.
 */
import { redactUserinfoIn } from './redact-userinfo.js';

/** Longer values are cut; the message must stay one readable line. */
const MAX_VALUE_CHARS = 80;

export function describeValue(value: unknown): string {
  const text = JSON.stringify(redactUserinfoIn(value)) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}
