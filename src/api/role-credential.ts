import credentials from '@alicloud/credentials';
import type { RegionRole } from '../config/schema.js';

/** A credential of @alicloud/credentials (default chain, access key, STS, RRSA, ECS RAM role, ...). */
export type AlibabaCredential = InstanceType<typeof credentials.default>;
type CredentialsProvider = credentials.CredentialsProvider;
type ProviderCredentials = Awaited<ReturnType<CredentialsProvider['getCredentials']>>;

export interface RoleCredentialOptions {
  /** host[:port] of STS; @alicloud/credentials always speaks HTTPS to it (api.stsEndpoint). */
  stsEndpoint: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /**
   * Told of every AssumeRole the provider sends, as it ends: `code` is `success`, STS's error code, or
   * CredentialError when STS's answer names none (the API self-metrics count it). @default nothing
   */
  onAssumeRole?: ((attempt: AssumeRoleAttempt) => void) | undefined;
}

/** One AssumeRole, as the self-metrics count it. */
export interface AssumeRoleAttempt {
  code: string;
  seconds: number;
}

/** The `code` of a failed AssumeRole whose answer names no error code. */
const NO_STS_CODE = 'CredentialError';

/**
 * The credential of a region entry with a roleArn: STS AssumeRole, signed with `base` (the default
 * chain, or the credential the exporter was given), through @alicloud/credentials'
 * RAMRoleARNCredentialsProvider. The provider keeps the assumed key and asks STS again 15 minutes
 * before it expires (its STALE_TIME), so a running exporter never signs with an expired token.
 * Concurrent first calls share one AssumeRole (the provider alone would send one per call).
 */
export function createRoleCredential(base: AlibabaCredential, role: RegionRole, options: RoleCredentialOptions): AlibabaCredential {
  return credentialOf(ramRoleProvider(base, role, options));
}

/** Makes the credential of a region entry with a role; createRoleCredential unless a test injects another. */
export type RoleCredentialFactory = (base: AlibabaCredential, role: RegionRole, options: RoleCredentialOptions) => AlibabaCredential;

type RamRoleProvider = InstanceType<typeof credentials.RAMRoleARNCredentialsProvider>;

/** The RAM-role provider of @alicloud/credentials for `role`, signing AssumeRole with `base`. */
export function ramRoleProvider(base: AlibabaCredential, role: RegionRole, options: RoleCredentialOptions): RamRoleProvider {
  const previous: CredentialsProvider = {
    async getCredentials(): Promise<ProviderCredentials> {
      const key = await base.getCredential();
      return { accessKeyId: key.accessKeyId ?? '', accessKeySecret: key.accessKeySecret ?? '', securityToken: key.securityToken ?? '', providerName: key.providerName ?? 'default' };
    },
    getProviderName: () => 'default',
  };
  let builder = credentials.RAMRoleARNCredentialsProvider.builder()
    .withCredentialsProvider(previous)
    .withRoleArn(role.arn)
    .withRoleSessionName(role.sessionName)
    .withDurationSeconds(role.durationSeconds)
    .withStsEndpoint(options.stsEndpoint)
    .withConnectTimeout(options.connectTimeoutMs)
    .withReadTimeout(options.readTimeoutMs);
  if (role.externalId !== undefined) builder = builder.withExternalId(role.externalId);
  const provider = builder.build();
  if (options.onAssumeRole) observeAssumeRole(provider, options.onAssumeRole);
  return provider;
}

/**
 * The provider's session refresher (its `refresher`, assigned getCredentialsInternal) sends one AssumeRole
 * per call (or fails before, when the base credential gives no key: counted as CredentialError), whether or
 * not the provider then keeps an older key on failure: wrapping it is the one place every AssumeRole and its
 * outcome can be seen. It is a plain instance field at run time.
 */
function observeAssumeRole(provider: RamRoleProvider, report: (attempt: AssumeRoleAttempt) => void): void {
  const target = provider as unknown as { refresher: () => Promise<unknown> };
  const refresh = target.refresher.bind(provider);
  target.refresher = async () => {
    const started = performance.now();
    let code = 'success';
    try {
      return await refresh();
    } catch (error) {
      code = stsCodeOf(error);
      throw error;
    } finally {
      report({ code, seconds: (performance.now() - started) / 1000 });
    }
  };
}

/** STS's error code from the provider's message ("refresh session token failed: {...\"Code\":\"NoPermission\"...}"). */
function stsCodeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /"Code"\s*:\s*"([A-Za-z0-9._-]{1,64})"/.exec(message)?.[1] ?? NO_STS_CODE;
}

/** A Credential over `provider` whose concurrent first calls share one provider call. */
export function credentialOf(provider: CredentialsProvider): AlibabaCredential {
  return new credentials.default(null, singleFlight(provider));
}

/** A provider whose concurrent getCredentials calls share the one in flight. */
function singleFlight(provider: CredentialsProvider): CredentialsProvider {
  let inFlight: Promise<ProviderCredentials> | undefined;
  return {
    getCredentials() {
      inFlight ??= provider.getCredentials().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    getProviderName: () => provider.getProviderName(),
  };
}
