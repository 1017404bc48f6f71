import { gzipSync } from 'node:zlib';

/**
 * Exposition text encoded once, for every answer that serves it: the identity bytes and one gzip member.
 * gzip members may be concatenated (RFC 1952), so an answer can be several prepared parts back to back.
 */
export interface PreparedExposition {
  readonly identity: Buffer;
  readonly gzip: Buffer;
}

/** Synchronous on purpose: a snapshot is published with its bytes, never without them. */
export function prepareExposition(text: string): PreparedExposition {
  const identity = Buffer.from(text, 'utf8');
  return { identity, gzip: gzipSync(identity) };
}
