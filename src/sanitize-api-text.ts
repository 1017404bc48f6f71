/**
 * What an API failure may show on a page, in a log line or in a label. The API quotes whatever it
 * likes in its messages: SignatureDoesNotMatch quotes the string to sign or the whole canonical
 * request (with x-acs-security-token and x-acs-accesskey-id), a gateway may echo the
 * Authorization header. ApiError (src/errors.ts) passes every field it shows through here once,
 * so no later path (landing page, logs at any level, the per-attempt debug line) can leak them.
 */

/** Longest message kept; longer ones are cut (an API message worth reading is a sentence). */
export const MAX_API_MESSAGE_CHARS = 300;
/** Longest error code kept (the API's are short words such as Throttling.User). */
export const MAX_API_CODE_CHARS = 64;
/** A RequestId as the API writes them: an upper-case UUID; anything of this shape is kept. */
const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;
/** Known secrets shorter than this are not searched for (they would match ordinary words). */
const MIN_KNOWN_SECRET_CHARS = 4;
/** What replaces a removed value. */
export const REDACTED = '[redacted]';

/** Everything after these words is the request as the server saw it: dropped whole. */
const REQUEST_ECHO = /(?:string[\s_-]*to[\s_-]*sign|canonical[\s_-]*request|canonicalized[\s_-]*(?:query|headers?)|signed[\s_-]*string)(?:\s*is)?\s*:?/i;
/**
 * `name: value`, `name=value`, `name%3Dvalue` where the name is a header the signer sends or a
 * word for credential material; the value (quoted, or up to the next separator) is removed.
 */
const SENSITIVE_NAME = String.raw`(?:authorization|x-acs-[a-z0-9-]+|[a-z0-9_.-]*(?:token|secret|signature|credential|accesskey|access_key|access-key|password)[a-z0-9_.-]*)`;
const NAMED_VALUE = new RegExp(
  String.raw`(${SENSITIVE_NAME})(["']?\s*[:=]\s*|%3[aAdD])("[^"]*"|'[^']*'|[^\s,;&"'<>]+)`,
  'gi',
);
/** Alibaba Cloud AccessKeyIds (LTAI...) and STS AccessKeyIds (STS....), wherever they stand. */
const ACCESS_KEY_ID = /\b(?:LTAI|STS\.)[A-Za-z0-9]{6,}/g;
/** Hex of 32+ digits: signatures, hashes of canonical requests. */
const LONG_HEX = /\b[0-9a-fA-F]{32,}\b/g;
/** Opaque runs of 40+ token characters: STS security tokens, OIDC tokens, base64 secrets. */
const OPAQUE_TOKEN = /[A-Za-z0-9+/_=.%-]{40,}/g;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * The text with request echoes, header and credential values, signatures and tokens removed,
 * control characters (newlines) turned into spaces, and cut to `maxChars`. `knownSecrets` (the
 * credential that signed the call, when the caller knows it) are removed wherever they stand,
 * plain or URL-encoded, whatever their shape. Idempotent.
 */
export function sanitizeApiText(text: string, maxChars = MAX_API_MESSAGE_CHARS, knownSecrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of knownSecrets) {
    if (secret.length < MIN_KNOWN_SECRET_CHARS) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) clean = clean.split(form).join(REDACTED);
  }
  clean = clean.replace(CONTROL_CHARACTERS, ' ');
  const echo = REQUEST_ECHO.exec(clean);
  if (echo) clean = `${clean.slice(0, echo.index + echo[0].length).trimEnd()} ${REDACTED}`;
  clean = clean
    .replace(NAMED_VALUE, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(LONG_HEX, REDACTED)
    .replace(OPAQUE_TOKEN, REDACTED)
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 3)}...` : clean;
}

/** The code that stands in for one with nothing left after cleaning, or one that holds a key. */
export const INVALID_CODE = 'InvalidCode';

/**
 * An error code fit for a label value and a log line: the characters codes are made of
 * (letters, digits, `.`, `_`, `-`), at most MAX_API_CODE_CHARS; INVALID_CODE when nothing is left
 * or it holds an AccessKeyId, a signature or one of `knownSecrets`.
 */
export function sanitizeApiCode(code: string, knownSecrets: readonly string[] = []): string {
  const clean = code.replace(/[^A-Za-z0-9._-]/g, '').slice(0, MAX_API_CODE_CHARS);
  const holdsKey =
    new RegExp(ACCESS_KEY_ID.source).test(clean) ||
    new RegExp(LONG_HEX.source).test(clean) ||
    knownSecrets.some((secret) => secret.length >= MIN_KNOWN_SECRET_CHARS && clean.includes(secret));
  return clean === '' || holdsKey ? INVALID_CODE : clean;
}

/** A RequestId as the API writes them (letters, digits, dashes), or undefined for anything else. */
export function sanitizeRequestId(requestId: string | undefined): string | undefined {
  return requestId !== undefined && REQUEST_ID.test(requestId) ? requestId : undefined;
}
