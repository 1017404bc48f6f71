/**
 * exporter-toolkit's tls_server_config words -> Node's TLS options. Go names the TLS 1.2 cipher
 * suites by their IANA names; OpenSSL (Node) by its own: the table maps one to the other.
 * TLS 1.3 suites are not configurable in Go either, so they are not accepted here.
 */
import type { SecureVersion } from 'node:tls';

/** Go (IANA) cipher suite name -> OpenSSL name, TLS 1.2 suites that Node's OpenSSL offers. */
export const CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
};

/** exporter-toolkit's min_version / max_version words Node can honour (it has no TLS 1.0/1.1 by default). */
export const TLS_VERSIONS: Readonly<Record<string, SecureVersion>> = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };

/** exporter-toolkit's curve_preferences words -> OpenSSL group names. */
export const CURVES: Readonly<Record<string, string>> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };

/** exporter-toolkit's client_auth_type values (Go's tls.ClientAuthType). */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

/** Which client auth types need a CA to verify against (exporter-toolkit refuses a CA file for the others). */
export function verifiesClientCert(type: ClientAuthType): boolean {
  return type === 'VerifyClientCertIfGiven' || type === 'RequireAndVerifyClientCert';
}

/**
 * Whether a finished handshake satisfies `type`. Node decides only "ask" (requestCert) and
 * "reject unverified" (rejectUnauthorized); the cases between are checked here after the handshake.
 */
export function clientCertAccepted(type: ClientAuthType, peer: { presented: boolean; verified: boolean }): boolean {
  switch (type) {
    case 'NoClientCert':
    case 'RequestClientCert':
      return true;
    case 'RequireAnyClientCert':
      return peer.presented;
    case 'VerifyClientCertIfGiven':
      return !peer.presented || peer.verified;
    case 'RequireAndVerifyClientCert':
      return peer.presented && peer.verified;
  }
}
