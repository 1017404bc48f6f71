/**
 * A request that never reached the API because the proxy did not open the tunnel: the proxy was
 * unreachable or refused the connection, answered CONNECT with anything but 200 (407 when it wants
 * other credentials), or did not answer in time. Named after the proxy's URL without credentials.
 * classify-error.ts turns it into an ApiError with code ProxyError, retried like network errors.
 */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  /**
   * The failure in one sentence, kept apart from `message`: the HTTP client on the way up
   * appends the request's URL to the message of the error it rejects with.
   */
  readonly summary: string;

  constructor(
    /** `http://host:port` of the proxy, never with its credentials. */
    readonly proxyUrl: string,
    /** `host:port` the tunnel was for. */
    readonly target: string,
    /** What went wrong, completing "proxy <url> ...". */
    readonly reason: string,
    /** The proxy's answer to CONNECT, when it gave one (407, 403, 502, ...). */
    readonly statusCode?: number,
  ) {
    const summary = `proxy ${proxyUrl} ${reason} (CONNECT ${target})`;
    super(summary);
    this.summary = summary;
  }
}
