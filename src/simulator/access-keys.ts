import { randomBytes } from 'node:crypto';
import { DEFAULT_SIM_ACCOUNT, type SimCredential } from './dataset.js';
import { SimulatedApiError } from './simulated-api-error.js';

/** A key the simulator accepts: a long-term AccessKey pair, or one STS issued (with its token). */
export interface SimAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** The account whose instances the key's calls see: the key owner's, or the assumed role's. */
  account: string;
  /** Only for STS keys: the SecurityToken every call signed with the key must carry, and when it stops working. */
  securityToken?: string;
  expiresAtMs?: number;
  /** Only for STS keys: the role assumed. */
  roleArn?: string;
}

/** Prefix of the AccessKeyIds STS issues, as the real service's. */
export const STS_ACCESS_KEY_PREFIX = 'STS.';

/**
 * Every key the simulator accepts: the configured key pairs and the keys STS AssumeRole issued,
 * each tied to an account. A call signed with an STS key must carry the key's token, before it
 * expires, as the real gateway requires.
 */
export class AccessKeys {
  private readonly keys = new Map<string, SimAccessKey>();

  constructor(credentials: readonly SimCredential[]) {
    for (const credential of credentials) {
      this.keys.set(credential.accessKeyId, { ...credential, account: credential.account ?? DEFAULT_SIM_ACCOUNT });
    }
  }

  /** The key with this id; throws the gateway's error for an unknown one. */
  require(accessKeyId: string): SimAccessKey {
    const key = this.keys.get(accessKeyId);
    if (!key) throw new SimulatedApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    return key;
  }

  /**
   * Checks the security token a call carried against its key: for an STS key, its own token, not
   * expired. A configured key's token is not checked: tests configure STS-shaped keys (with a
   * token from the environment) as plain key pairs.
   */
  checkToken(key: SimAccessKey, securityToken: string | undefined, nowMs: number): void {
    if (key.securityToken === undefined) return;
    if (!securityToken) throw new SimulatedApiError(400, 'InvalidSecurityToken.Missing', 'The access key is an STS key: its SecurityToken is required.');
    if (securityToken !== key.securityToken) {
      throw new SimulatedApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'The security token does not match the access key.');
    }
    if (key.expiresAtMs !== undefined && nowMs >= key.expiresAtMs) {
      throw new SimulatedApiError(400, 'InvalidSecurityToken.Expired', 'The security token has expired.');
    }
  }

  /** A new STS key for `account` (the role's), valid until expiresAtMs. */
  issue(account: string, roleArn: string, expiresAtMs: number): Required<SimAccessKey> {
    const key = {
      accessKeyId: `${STS_ACCESS_KEY_PREFIX}${randomBytes(12).toString('hex')}`,
      accessKeySecret: randomBytes(20).toString('base64url'),
      securityToken: `CAIS${randomBytes(48).toString('base64url')}`,
      account,
      roleArn,
      expiresAtMs,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** The STS keys issued so far, oldest first. */
  issued(): SimAccessKey[] {
    return [...this.keys.values()].filter((key) => key.securityToken !== undefined);
  }
}
