import { randomUUID } from 'node:crypto';

/** Where the API points people for an error code; the real API sends a link of this shape. */
const RECOMMEND_URL = 'https://api.aliyun.com/troubleshoot';

/** A request id in the API's format (an upper-case UUID). */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** The body of an error answer (HTTP 4xx/5xx), shaped like the API's. */
export function errorBody(requestId: string, host: string, code: string, message: string): Record<string, unknown> {
  return {
    RequestId: requestId,
    HostId: host,
    Code: code,
    Message: message,
    Recommend: `${RECOMMEND_URL}?q=${encodeURIComponent(code)}&product=cr&requestId=${requestId}`,
  };
}

/** The body of an HTTP 200 that failed (the API's way of reporting e.g. INSTANCE_NOT_EXIST). */
export function notSuccessBody(requestId: string, code: string, message: string): Record<string, unknown> {
  return { RequestId: requestId, Code: code, Message: message, IsSuccess: false };
}

/** An HTML page instead of JSON: what a misconfigured proxy or captive portal sends with HTTP 200. */
export const NON_JSON_BODY =
  '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>Please sign in to continue</h1></body></html>\n';

/** What a load balancer sends when the API behind it is down. */
export const BAD_GATEWAY_BODY =
  '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>Tengine</center>\n</body>\n</html>\n';
