import { RAM_PERMISSIONS, type ActionName } from '../api/actions.js';
import { ApiError } from '../errors.js';
import type { Check } from './check.js';
import { instanceArn } from './ram-policy.js';

/** Codes that mean "this identity may not call this action": a RAM grant fixes them. */
const PERMISSION_CODE = /^(NoPrivilege|NoPermission|Forbidden)/;

/** What to do about the other refusals of the credential itself. */
const CREDENTIAL_HINTS: readonly [RegExp, string][] = [
  [/^SignatureDoesNotMatch/, 'the AccessKey secret does not belong to the AccessKey id (a stray newline?)'],
  [/^InvalidAccessKeyId/, 'the AccessKey id does not exist or is disabled'],
  [/^InvalidTimeStamp/, 'the local clock is off: see the clock line'],
  [/^InvalidSecurityToken/, 'the STS token is invalid or expired'],
  [/^CredentialError$/, 'no provider of the credential chain produced a key: see the credentials line'],
];

/**
 * The line for an API call that failed. A denied action names the RAM action to grant and the
 * resource to grant it on, and carries the permission for the minimal policy.
 */
export function failedCallCheck(error: unknown, action: ActionName, region: string, instanceId?: string): Check {
  const target = instanceId === undefined ? region : `${region}/${instanceId}`;
  if (!(error instanceof ApiError)) {
    return { status: 'failed', name: action, target, detail: `unexpected failure: ${error instanceof Error ? error.message : String(error)}` };
  }
  const status = error.statusCode === undefined ? '' : ` HTTP ${error.statusCode}`;
  const requestId = error.requestId === undefined ? '' : ` RequestId ${error.requestId}`;
  const answer = `${error.code}${status}${requestId}`;
  if (PERMISSION_CODE.test(error.code)) {
    const permission = RAM_PERMISSIONS[action];
    const resource = permission.resource === 'instance' && instanceId !== undefined ? instanceArn(region, instanceId) : '*';
    return {
      status: 'failed',
      name: action,
      target,
      detail: `denied (${answer}): grant ${permission.ramAction} on ${resource}`,
      denied: { action, region, instanceId: permission.resource === 'instance' ? instanceId : undefined },
    };
  }
  const hint = CREDENTIAL_HINTS.find(([code]) => code.test(error.code))?.[1];
  const attempts = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  return { status: 'failed', name: action, target, detail: `${answer}${attempts}: ${error.detail}${hint === undefined ? '' : ` (${hint})`}` };
}
