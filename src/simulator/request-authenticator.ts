import { timingSafeEqual } from 'node:crypto';
import {
  ACS3_ALGORITHM,
  acs3Signature,
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  stringToSign,
} from './acs3-signature.js';
import type { AccessKeys, SimAccessKey } from './access-keys.js';
import { NonceCache } from './nonce-cache.js';
import { SimulatedApiError } from './simulated-api-error.js';

/** Largest accepted difference between x-acs-date and the server's wall clock, as the API allows. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;
/** x-acs-date format the signer sends: UTC to the second. */
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Headers that must be covered by the signature, whatever else is. */
const REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
] as const;

/** A request as received, before any interpretation. */
export interface ReceivedRequest {
  method: string;
  /** The path as received (percent-encoded). */
  rawPath: string;
  /** Decoded query pairs, in wire order. */
  query: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/**
 * Checks the ACS3-HMAC-SHA256 signature of a request the way the API gateway does, and throws a
 * SimulatedApiError with the gateway's code when it fails. A key STS issued must come with its
 * x-acs-security-token (signed, like every x-acs-* header) before it expires. Returns the
 * caller's key, with its account.
 */
export class RequestAuthenticator {
  constructor(
    private readonly keys: AccessKeys,
    /** Wall clock for the date check (not the data clock, which tests move by days). */
    private readonly wallClock: () => number,
    private readonly nonces = new NonceCache(),
  ) {}

  authenticate(request: ReceivedRequest): SimAccessKey {
    const header = single(request.headers['authorization']);
    if (!header) throw new SimulatedApiError(400, 'MissingAuthorization', 'The Authorization header is required.');
    const authorization = parseAuthorization(header);
    if (!authorization) {
      throw new SimulatedApiError(400, 'IncompleteSignature', 'The Authorization header is malformed.');
    }
    if (authorization.algorithm !== ACS3_ALGORITHM) {
      throw new SimulatedApiError(
        400,
        'InvalidSignatureMethod',
        `The signature algorithm ${authorization.algorithm} is not supported; use ${ACS3_ALGORITHM}.`,
      );
    }
    this.checkDate(single(request.headers['x-acs-date']));
    const key = this.keys.require(authorization.accessKeyId);
    const secret = key.accessKeySecret;
    checkSignedHeaders(authorization.signedHeaders, request.headers);
    const payloadHash = sha256Hex(request.body);
    if (single(request.headers['x-acs-content-sha256']) !== payloadHash) {
      throw new SimulatedApiError(
        400,
        'SignatureDoesNotMatch',
        'The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
      );
    }
    const toSign = stringToSign(
      canonicalRequest({
        method: request.method,
        rawPath: request.rawPath,
        query: request.query,
        headers: request.headers,
        signedHeaders: authorization.signedHeaders,
        payloadHash,
      }),
    );
    if (!sameHex(acs3Signature(toSign, secret), authorization.signature)) {
      // The real gateway also shows its string to sign, which is what a client author needs to debug.
      throw new SimulatedApiError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature does not match our calculation. server string to sign is:${toSign}`,
      );
    }
    const nonce = single(request.headers['x-acs-signature-nonce']) as string;
    if (!this.nonces.remember(nonce, this.wallClock())) {
      throw new SimulatedApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
    this.keys.checkToken(key, single(request.headers['x-acs-security-token']), this.wallClock());
    return key;
  }

  private checkDate(date: string | undefined): void {
    const dateMs = date && ACS_DATE.test(date) ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(dateMs)) {
      throw new SimulatedApiError(
        400,
        'InvalidTimeStamp.Format',
        `Specified time stamp or date value is not well formatted (x-acs-date ${JSON.stringify(date ?? '')}).`,
      );
    }
    if (Math.abs(dateMs - this.wallClock()) > MAX_CLOCK_SKEW_MS) {
      throw new SimulatedApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
  }
}

/** Every required header and every x-acs-* header sent must be signed, and must be present. */
function checkSignedHeaders(
  signed: readonly string[],
  headers: Readonly<Record<string, string | string[] | undefined>>,
): void {
  const signedSet = new Set(signed);
  const sentAcs = Object.keys(headers).filter((name) => name.startsWith('x-acs-'));
  for (const name of [...REQUIRED_SIGNED_HEADERS, ...sentAcs]) {
    if (!signedSet.has(name)) {
      throw new SimulatedApiError(400, 'IncompleteSignature', `The header ${name} must be signed (SignedHeaders).`);
    }
    if (!single(headers[name])) {
      throw new SimulatedApiError(400, 'IncompleteSignature', `The signed header ${name} is missing or empty.`);
    }
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sameHex(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
