import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * The HTTP status of a call that openapi-core could not read. openapi-core parses every 4xx/5xx
 * body as JSON before it looks at the status, so an empty 500 or a proxy's HTML 502 surfaces as a
 * bare SyntaxError without the status. Node publishes every response head on the diagnostics
 * channel below; the call is recognised by its x-acs-signature-nonce, which the transport chooses
 * (openapi-core takes a nonce from the request's headers and signs it like its own).
 */

/** The signed header that names one attempt; unique per request, as the API requires anyway. */
export const NONCE_HEADER = 'x-acs-signature-nonce';
/** Node's channel for a response head received by an http(s) client (Node >= 16.18). */
const RESPONSE_CHANNEL = 'http.client.response.finish';

/** Statuses of the attempts being watched, by nonce; an entry lives as long as its attempt. */
const watched = new Map<string, number | undefined>();
let subscribed = false;

export interface ResponseStatusWatch {
  /** The nonce to send as NONCE_HEADER. */
  readonly nonce: string;
  /** The status of the response head, once one arrived. */
  statusCode(): number | undefined;
  /** Stops watching (always call it, success or not). */
  end(): void;
}

/** Starts watching one attempt; subscribes to the channel on first use, once per process. */
export function watchResponseStatus(): ResponseStatusWatch {
  if (!subscribed) {
    subscribe(RESPONSE_CHANNEL, recordStatus);
    subscribed = true;
  }
  const nonce = randomUUID();
  watched.set(nonce, undefined);
  return {
    nonce,
    statusCode: () => watched.get(nonce),
    end: () => {
      watched.delete(nonce);
    },
  };
}

function recordStatus(message: unknown): void {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const nonce = request.getHeader(NONCE_HEADER);
  if (typeof nonce === 'string' && watched.has(nonce)) watched.set(nonce, response.statusCode);
}
