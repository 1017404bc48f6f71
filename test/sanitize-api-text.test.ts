import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ApiError } from '../src/errors.js';
import { classifyError } from '../src/api/classify-error.js';
import { INVALID_CODE, MAX_API_MESSAGE_CHARS, sanitizeApiCode, sanitizeApiText, sanitizeRequestId } from '../src/sanitize-api-text.js';

const ACCESS_KEY_ID = 'LTAI5tQ9kFzR2mWcXy7hJbN3';
const SECURITY_TOKEN = 'CAIS8gF1q6Ft5B2yfSjIr5bMM+3hsKl0gpeHbFLQpWU8TeZvnIvJ0zz2IHhMenVqAu0dsv82mmFY7vwdlqJ4T55IQ1Dqc8MqGlDJYY9Q==';
const SIGNATURE = '6f1c4f2a9b0e3d7c8a5b6e4f1d2c3b4a5e6f7d8c9b0a1e2f3d4c5b6a7e8f9d0c';
const SECRETS = [ACCESS_KEY_ID, SECURITY_TOKEN, SIGNATURE];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    // A recognisable part of it neither.
    expect(text).not.toContain(secret.slice(4, 20));
  }
}

describe('sanitizeApiText', () => {
  it.each([
    ['the string to sign after the marker', `Specified signature does not match. server string to sign is:GET\n/\nx-acs-security-token:${SECURITY_TOKEN}\n`],
    ['a canonical request', `Bad request. CanonicalRequest: GET\n/\nx-acs-accesskey-id:${ACCESS_KEY_ID}`],
    ['header lines without a marker', `headers x-acs-security-token: ${SECURITY_TOKEN}\nx-acs-accesskey-id: ${ACCESS_KEY_ID}`],
    ['an Authorization header', `Authorization: ACS3-HMAC-SHA256 Credential=${ACCESS_KEY_ID},SignedHeaders=host;x-acs-date,Signature=${SIGNATURE} was rejected`],
    ['bare values in prose', `Key ${ACCESS_KEY_ID} with token ${SECURITY_TOKEN} signed ${SIGNATURE} is not valid`],
    ['URL-encoded query pairs', `string AccessKeyId%3D${ACCESS_KEY_ID}%26SecurityToken%3D${encodeURIComponent(SECURITY_TOKEN)}%26Signature%3D${SIGNATURE}`],
    ['quoted JSON fields', `{"accessKeySecret":"s3cr3t-value","SecurityToken":"${SECURITY_TOKEN}","AccessKeyId":"${ACCESS_KEY_ID}"}`],
  ])('removes %s', (_name, message) => {
    const clean = sanitizeApiText(message);

    expectNoSecret(clean);
    expect(clean).not.toContain('s3cr3t-value');
    expect(clean).toContain('[redacted]');
    expect(clean).not.toMatch(/[\n\r]/);
  });

  it('keeps an ordinary message as it is, and is idempotent', () => {
    const plain = 'Request was denied due to user flow control.';
    const echo = sanitizeApiText(`Specified signature does not match our calculation. server string to sign is:ACS3-HMAC-SHA256\n${SIGNATURE}`);

    expect(sanitizeApiText(plain)).toBe(plain);
    expect(echo).toBe('Specified signature does not match our calculation. server string to sign is: [redacted]');
    expect(sanitizeApiText(echo)).toBe(echo);
  });

  it('cuts a long message', () => {
    const clean = sanitizeApiText('word '.repeat(500));

    expect(clean.length).toBe(MAX_API_MESSAGE_CHARS);
    expect(clean.endsWith('...')).toBe(true);
  });
});

describe('sanitizeApiCode and sanitizeRequestId', () => {
  it('keeps codes made of code characters and drops the rest', () => {
    expect(sanitizeApiCode('Throttling.User')).toBe('Throttling.User');
    expect(sanitizeApiCode('INSTANCE_NOT_EXIST')).toBe('INSTANCE_NOT_EXIST');
    expect(sanitizeApiCode('Bad Code\n"x"')).toBe('BadCodex');
    expect(sanitizeApiCode('')).toBe(INVALID_CODE);
    expect(sanitizeApiCode(`Key.${ACCESS_KEY_ID}`)).toBe(INVALID_CODE);
    expect(sanitizeApiCode('Z'.repeat(200))).toHaveLength(64);
  });

  it('keeps RequestIds of the API shape only', () => {
    expect(sanitizeRequestId('B7A3E9C2-1F4D-4E6A-9B8C-0D1E2F3A4B5C')).toBe('B7A3E9C2-1F4D-4E6A-9B8C-0D1E2F3A4B5C');
    expect(sanitizeRequestId(`token ${SECURITY_TOKEN}`)).toBeUndefined();
    expect(sanitizeRequestId(undefined)).toBeUndefined();
  });
});

describe('ApiError carries only clean text', () => {
  const echo = `Specified signature ${SIGNATURE} of ${ACCESS_KEY_ID} with token ${SECURITY_TOKEN}. server string to sign is:x-acs-security-token:${SECURITY_TOKEN}`;

  it('cleans message, detail and stack where it is built, and keeps no cause', () => {
    const raw = Object.assign(new Error(`code: 400, ${echo} request id: r`), {
      name: 'ClientError',
      statusCode: 400,
      code: 'SignatureDoesNotMatch',
      data: { Code: 'SignatureDoesNotMatch', Message: echo, RequestId: 'REQ-1' },
    });

    const error = classifyError(raw, { action: 'ListInstance', region: 'cn-hangzhou' });
    const retried = error.withAttempts(3);

    for (const candidate of [error, retried]) {
      expectNoSecret(candidate.message);
      expectNoSecret(candidate.detail);
      expectNoSecret(candidate.stack ?? '');
      expect(candidate.cause).toBeUndefined();
    }
    expect(retried).toMatchObject({ kind: 'auth', code: 'SignatureDoesNotMatch', requestId: 'REQ-1', attempts: 3 });
  });

  it("prints nothing secret through pino's err serializer", () => {
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const error = new ApiError({ kind: 'auth', action: 'ListInstance', region: 'cn-hangzhou', code: 'SignatureDoesNotMatch', message: echo, statusCode: 400 });

    logger.error({ err: error }, 'failed');
    logger.debug({ err: error.withAttempts(2) }, 'failed again');

    expect(output).toContain('SignatureDoesNotMatch');
    expectNoSecret(output);
  });
});
