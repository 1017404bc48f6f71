/**
 * How the doctor names a credential without showing it: the provider of @alicloud/credentials that
 * answered, in words, and the AccessKey id masked. Pure.
 */

/** An AccessKey id at least this long shows its first and last MASK_KEEP characters; a shorter one nothing. */
const MASK_MIN_LENGTH = 12;
const MASK_KEEP = 4;
const MASK = '****';

/**
 * What each provider name of @alicloud/credentials 2.x (`CredentialModel.providerName`, segments
 * joined by "/": `default/env`, `default/cli_profile/static_ak`, `ram_role_arn/static_ak`) means.
 */
const PROVIDER_WORDS: Readonly<Record<string, string>> = {
  default: 'default chain',
  env: 'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET',
  oidc_role_arn: 'OIDC role (ACK RRSA, ALIBABA_CLOUD_OIDC_TOKEN_FILE)',
  cli_profile: 'aliyun CLI profile (~/.aliyun/config.json)',
  profile: 'credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials)',
  ecs_ram_role: 'ECS RAM role (instance metadata)',
  credential_uri: 'credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI)',
  ram_role_arn: 'RAM role (STS AssumeRole)',
  static_ak: 'access key',
  static_sts: 'STS token',
  cloud_sso: 'CloudSSO',
  oauth: 'OAuth',
  external: 'external process',
};

/**
 * The provider chain in words, outermost first: "default chain > environment variables ...".
 * Unknown segments are shown as they are; an STS token is named when the key carries one.
 */
export function describeCredentialProvider(providerName: string | undefined, hasSecurityToken: boolean): string {
  const segments = (providerName ?? '').split('/').filter((segment) => segment !== '');
  const words = segments.length === 0 ? ['unnamed provider'] : segments.map((segment) => PROVIDER_WORDS[segment] ?? segment);
  const stsNamed = segments.some((segment) => segment === 'static_sts' || segment === 'ram_role_arn' || segment === 'oidc_role_arn' || segment === 'ecs_ram_role');
  const token = hasSecurityToken && !stsNamed ? ', with an STS security token' : '';
  return `${words.join(' > ')}${token}`;
}

/** `LTAI5tSimulatorDemoKey01` -> `LTAI****ey01`; an id shorter than MASK_MIN_LENGTH shows nothing of itself. */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length < MASK_MIN_LENGTH) return MASK;
  return `${accessKeyId.slice(0, MASK_KEEP)}${MASK}${accessKeyId.slice(-MASK_KEEP)}`;
}
