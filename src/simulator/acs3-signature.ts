/**
 * ACS3-HMAC-SHA256, the request signature of Alibaba Cloud's API gateway, computed from what a
 * server receives (see /work/shared/api/README.md "Transport"). Pure functions: the authenticator
 * decides what to accept.
 */
import { createHash, createHmac } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface Acs3Authorization {
  algorithm: string;
  accessKeyId: string;
  /** Lower-case header names, in the order given. */
  signedHeaders: string[];
  /** Hex. */
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`; undefined when malformed. */
export function parseAuthorization(header: string): Acs3Authorization | undefined {
  const space = header.indexOf(' ');
  if (space <= 0) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return {
    algorithm: header.slice(0, space),
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature,
  };
}

/** encodeURIComponent that also escapes ! ' ( ) *, as the signer does (RFC 3986 unreserved only). */
export function acsEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical query string from DECODED pairs: sorted by key, each enc(key)=enc(value), joined
 * by "&". The wire leaves !()* raw (querystring.stringify), so the server must decode and re-encode.
 */
export function canonicalQuery(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${acsEncode(key)}=${acsEncode(value)}`)
    .join('&');
}

/** The canonical URI: the path as received, with the signer's three substitutions. */
export function canonicalUri(rawPath: string): string {
  return rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

export interface CanonicalRequestParts {
  method: string;
  /** The path as received (still percent-encoded). */
  rawPath: string;
  /** Decoded query pairs. */
  query: readonly (readonly [string, string])[];
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Lower-case names from the Authorization header, in the canonical order. */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  const headerLines = parts.signedHeaders
    .map((name) => {
      const value = parts.headers[name];
      const text = Array.isArray(value) ? value.map((v) => v.trim()).sort().join(',') : (value ?? '').trim();
      return `${name}:${text}\n`;
    })
    .join('');
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.rawPath),
    canonicalQuery(parts.query),
    headerLines,
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** "ACS3-HMAC-SHA256\n" + hex SHA-256 of the canonical request. */
export function stringToSign(canonical: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
}

/** Hex HMAC-SHA256 of the string to sign with the AccessKey secret. */
export function acs3Signature(toSign: string, secret: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}
