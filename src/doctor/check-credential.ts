import type { AlibabaCredential } from '../api/openapi-transport.js';
import { sanitizeApiText } from '../sanitize-api-text.js';
import type { Check } from './check.js';
import { describeCredentialProvider, maskAccessKeyId } from './credential-provider.js';

/** The chain's message names every provider it tried and why each failed: longer than an API message, and all of it useful. */
const CREDENTIAL_MESSAGE_MAX_CHARS = 1500;

/**
 * Asks the credential for a key, as the first API call would, and says which provider answered
 * and which key id (masked); the secret and the token are never read.
 * @param target the regions this credential serves (`all regions` while one credential serves all).
 */
export async function checkCredential(credential: AlibabaCredential, target: string): Promise<Check> {
  const name = 'credentials';
  let key;
  try {
    key = await credential.getCredential();
  } catch (error) {
    // The provider's message lists the providers tried and why each failed; cleaned all the same.
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    return { status: 'failed', name, target, detail: `no credential: ${sanitizeApiText(message, CREDENTIAL_MESSAGE_MAX_CHARS)}` };
  }
  const provider = describeCredentialProvider(key.providerName, typeof key.securityToken === 'string' && key.securityToken !== '');
  if (!key.accessKeyId) return { status: 'failed', name, target, detail: `${provider} answered without an AccessKey id` };
  return { status: 'ok', name, target, detail: `${provider}; AccessKey id ${maskAccessKeyId(key.accessKeyId)}` };
}
