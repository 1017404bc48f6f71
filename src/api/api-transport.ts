import type { ActionName, CallTarget } from './actions.js';

/** Request fields of one call, as the API names them (`InstanceId`, `PageNo`, ...). */
export type ApiQuery = Record<string, string | number>;

/**
 * One way to call the Container Registry API. Every layer of the stack (openapi-core transport,
 * instrumentation, rate limit, retries) implements this interface and wraps another one, so each
 * behaviour is tested on its own with a fake inner transport.
 */
export interface ApiTransport {
  /**
   * One call of `action` with request fields `query`; resolves with the parsed JSON body of a
   * successful response (IsSuccess not false); rejects with ApiError (src/errors.ts), already
   * classified.
   */
  call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>>;
}
