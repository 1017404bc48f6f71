/**
 * Credentials never belong in the configuration (they come from @alicloud/credentials), but a
 * user may still paste `user:secret@host` into an endpoint. Whatever echoes config values (error
 * messages, --check-config) passes strings through here first.
 */

/** What replaces the userinfo part. */
export const REDACTED = '<redacted>';

// userinfo = anything up to the last "@" before the host, optionally after a scheme.
const USERINFO_PATTERN = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#\s]*@/i;

/** `https://ak:secret@cr.example.com` -> `https://<redacted>@cr.example.com`; other text unchanged. */
export function redactUserinfo(text: string): string {
  return text.replace(USERINFO_PATTERN, (_userinfo, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}@`);
}

/** A copy of `value` with redactUserinfo applied to every string in it, however deep. */
export function redactUserinfoIn(value: unknown): unknown {
  if (typeof value === 'string') return redactUserinfo(value);
  if (Array.isArray(value)) return value.map(redactUserinfoIn);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactUserinfoIn(inner)]));
  }
  return value;
}
