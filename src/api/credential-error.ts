/**
 * The credential provider (@alicloud/credentials) could not produce a key: no provider in the
 * default chain worked, the STS/OIDC exchange failed, the ECS metadata service did not answer.
 * The openapi transport wraps such failures in this class so that classify-error.ts maps them
 * by type, not by the provider's message text.
 */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';

  /** @param context what the credential was for, e.g. "AssumeRole acs:ram::...:role/x", put before the provider's message */
  constructor(cause: unknown, context?: string) {
    // The provider's message names the providers tried and their failures; it never holds a secret.
    super(context === undefined ? messageOf(cause) : `${context}: ${messageOf(cause)}`, { cause });
  }
}

/** By shape: a Node core error (ENOENT reading a credentials file) may come from another realm. */
function messageOf(cause: unknown): string {
  const message = typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(cause);
}
