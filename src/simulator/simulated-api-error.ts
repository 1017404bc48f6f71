/**
 * An error the simulator answers in the API's error JSON shape
 * ({RequestId, HostId, Code, Message, Recommend}) with an HTTP status. Thrown by the
 * authenticator and the action handlers; the app turns it into the response.
 */
export class SimulatedApiError extends Error {
  override readonly name = 'SimulatedApiError';

  constructor(
    /** HTTP status, e.g. 400, 403, 404, 500. */
    readonly status: number,
    /** The API's error code, e.g. SignatureDoesNotMatch. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
