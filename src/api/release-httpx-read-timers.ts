import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

/**
 * Works around a leak in httpx 2.x, the HTTP client of @darabonba/typescript under
 * @alicloud/openapi-core. httpx.request starts a read timer per request (readTimeout, 10 s by
 * default) that only httpx.read clears, but darabonba reads bodies with a stream reader of its
 * own. So every timer ran its full readTimeout and kept its request, its response, their headers
 * and closures reachable that long: at 300 calls/s, about 3,000 finished requests (20-30 MB) were
 * alive at any time, promoted to the old generation, and the heap limit grows with what is live.
 * When such a timer fired on a keep-alive socket it also cleared the read timer of the request
 * using the socket by then.
 *
 * The wrapper clears a request's timer once its response closes (read to the end, or aborted).
 * Until then the timer runs as before, so a reply slower than readTimeout still times out.
 */

/** Description of httpx's private Symbol under which a socket holds the current read timer. */
const READ_TIMER_DESCRIPTION = 'TIMER::READ_TIMER';
/** Marks the httpx module as wrapped, so the wrapper is installed once per module instance. */
const WRAPPED = Symbol.for('acr-subscription-exporter.httpx-read-timer-released');

export type HttpxRequest = (url: string, options: unknown) => Promise<IncomingMessage>;
interface HttpxModule {
  request: HttpxRequest;
  [WRAPPED]?: true;
}
type TimerHolder = Record<symbol, NodeJS.Timeout | null | undefined>;

/**
 * Wraps `request` of the httpx module that @darabonba/typescript loads (idempotent). Does nothing
 * when that module cannot be found or no longer has the timer this works around.
 */
export function releaseHttpxReadTimers(): void {
  const httpx = loadDarabonbaHttpx();
  if (!httpx || httpx[WRAPPED] || typeof httpx.request !== 'function') return;
  httpx.request = withReadTimerRelease(httpx.request);
  httpx[WRAPPED] = true;
}

/** `request`, returning responses whose read timer is cleared when they close. Exported for tests. */
export function withReadTimerRelease(request: HttpxRequest): HttpxRequest {
  return async function requestReleasingReadTimer(this: unknown, url: string, options: unknown): Promise<IncomingMessage> {
    const response = await request.call(this, url, options);
    clearReadTimerOnClose(response);
    return response;
  };
}

function clearReadTimerOnClose(response: IncomingMessage): void {
  // Captured now: Node detaches a keep-alive socket from the response once the body has ended.
  const socket = response.socket as (IncomingMessage['socket'] & TimerHolder) | null;
  if (!socket) return;
  const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === READ_TIMER_DESCRIPTION);
  const timer = key === undefined ? undefined : socket[key];
  if (key === undefined || !timer) return;
  response.once('close', () => {
    clearTimeout(timer);
    // A keep-alive socket may already carry the next request's timer: leave that one alone.
    if (socket[key] === timer) socket[key] = null;
  });
}

/** The httpx module @darabonba/typescript calls; proxy-routing.ts wraps its `request` too. */
export function loadDarabonbaHttpx(): HttpxModule | undefined {
  try {
    const require = createRequire(import.meta.url);
    // Resolved from darabonba's own location, so it is the copy darabonba calls even when nested.
    return createRequire(require.resolve('@darabonba/typescript'))('httpx') as HttpxModule;
  } catch {
    return undefined;
  }
}
