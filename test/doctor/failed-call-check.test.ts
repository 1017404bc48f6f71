import { describe, expect, it } from '@jest/globals';
import { failedCallCheck } from '../../src/doctor/failed-call-check.js';
import { ApiError, type ApiErrorKind } from '../../src/errors.js';

function apiError(code: string, kind: ApiErrorKind, statusCode: number | undefined, fields: { instanceId?: string; attempts?: number } = {}): ApiError {
  return new ApiError({ kind, code, statusCode, action: 'ListArtifactSubscriptionRule', region: 'cn-hangzhou', message: 'the API says no', requestId: 'REQ-1', ...fields });
}

describe('failedCallCheck', () => {
  it.each(['NoPrivilege', 'NoPermission', 'Forbidden.RAM', 'Forbidden'])('names the RAM action and the instance ARN for a %s answer', (code) => {
    const check = failedCallCheck(apiError(code, 'auth', 403), 'ListArtifactSubscriptionRule', 'cn-hangzhou', 'cri-1');

    expect(check).toEqual({
      status: 'failed',
      name: 'ListArtifactSubscriptionRule',
      target: 'cn-hangzhou/cri-1',
      detail: `denied (${code} HTTP 403 RequestId REQ-1): grant cr:ListArtifactSubscriptionRule on acs:cr:cn-hangzhou:*:instance/cri-1`,
      denied: { action: 'ListArtifactSubscriptionRule', region: 'cn-hangzhou', instanceId: 'cri-1' },
    });
  });

  it('grants a denied ListInstance on "*"', () => {
    const check = failedCallCheck(apiError('NoPrivilege', 'auth', 403), 'ListInstance', 'cn-hangzhou');

    expect(check.detail).toContain('grant cr:ListInstance on *');
    expect(check.denied).toEqual({ action: 'ListInstance', region: 'cn-hangzhou', instanceId: undefined });
  });

  it('carries no permission for a refused credential, and says what to fix', () => {
    const check = failedCallCheck(apiError('SignatureDoesNotMatch', 'auth', 400), 'ListInstance', 'cn-hangzhou');

    expect(check.denied).toBeUndefined();
    expect(check.detail).toBe('SignatureDoesNotMatch HTTP 400 RequestId REQ-1: the API says no (the AccessKey secret does not belong to the AccessKey id (a stray newline?))');
  });

  it('reports other failures with their code and attempts, without a permission', () => {
    const check = failedCallCheck(apiError('Timeout', 'timeout', undefined, { attempts: 2 }), 'ListArtifactSubscriptionTask', 'cn-hangzhou', 'cri-1');

    expect(check).toEqual({ status: 'failed', name: 'ListArtifactSubscriptionTask', target: 'cn-hangzhou/cri-1', detail: 'Timeout RequestId REQ-1 after 2 attempts: the API says no' });
  });

  it('reports a failure that is not an ApiError as unexpected', () => {
    expect(failedCallCheck(new Error('boom'), 'ListInstance', 'cn-hangzhou').detail).toBe('unexpected failure: boom');
  });
});
