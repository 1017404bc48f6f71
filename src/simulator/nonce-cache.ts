/**
 * Remembers the x-acs-signature-nonce values already used, bounded both in time and in size.
 * A nonce only has to be remembered while a request carrying it could still pass the date check,
 * so entries older than the window are forgotten.
 */

/** How long a nonce is remembered: twice the allowed clock skew covers dates on either side of now. */
export const DEFAULT_NONCE_WINDOW_MS = 2 * 15 * 60_000;
/** Upper bound on remembered nonces; past it the oldest are forgotten first. */
export const DEFAULT_NONCE_LIMIT = 100_000;

export class NonceCache {
  /** nonce -> when it was first seen; Map keeps insertion order, which is time order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs = DEFAULT_NONCE_WINDOW_MS,
    private readonly limit = DEFAULT_NONCE_LIMIT,
  ) {}

  /** True (and remembered) when the nonce is new; false when it was used within the window. */
  remember(nonce: string, nowMs: number): boolean {
    this.forgetOld(nowMs);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private forgetOld(nowMs: number): void {
    for (const [nonce, seenAt] of this.seen) {
      if (seenAt > nowMs - this.windowMs && this.seen.size < this.limit) break;
      this.seen.delete(nonce);
    }
  }
}
