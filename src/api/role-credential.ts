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
}

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
  return builder.build();
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
