/**
 * The RPC signature (SignatureVersion 1.0, HMAC-SHA1) that STS still uses: what
 * @alicloud/credentials' RAM-role provider signs AssumeRole with. Pure functions; the STS
 * service decides what to accept.
 *
 * String to sign: METHOD & enc("/") & enc(sorted `enc(k)=enc(v)` of every parameter of the query
 * and the form body but Signature, joined by "&"); signature: base64 HMAC-SHA1 keyed with
 * `secret + "&"`. enc is encodeURIComponent that also escapes ! ' ( ) *.
 */
import { createHmac } from 'node:crypto';
import { acsEncode } from './acs3-signature.js';

export const RPC_SIGNATURE_METHOD = 'HMAC-SHA1';
export const RPC_SIGNATURE_VERSION = '1.0';

/** The string an RPC request's Signature covers; `params` are decoded, Signature excluded by the caller. */
export function rpcStringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const sorted = [...params.keys()].sort();
  const joined = sorted.map((key) => `${acsEncode(key)}=${acsEncode(params.get(key) ?? '')}`).join('&');
  return `${method.toUpperCase()}&${acsEncode('/')}&${acsEncode(joined)}`;
}

/** Base64 HMAC-SHA1 of the string to sign with `secret&`. */
export function rpcSignature(toSign: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}
