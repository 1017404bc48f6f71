import type { ApiQuery, ApiTransport } from '../../src/api/api-transport.js';
import type { ActionName, CallTarget } from '../../src/api/actions.js';

/** One call a fake transport received. */
export interface RecordedCall {
  action: ActionName;
  query: ApiQuery;
  target: CallTarget;
}

/** Decides the outcome of one call: return a body, or throw. */
export type FakeResponder = (call: RecordedCall, callIndex: number) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** An in-memory ApiTransport that records every call and answers with `respond`. */
export class FakeTransport implements ApiTransport {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly respond: FakeResponder) {}

  async call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
    const call = { action, query, target };
    this.calls.push(call);
    return this.respond(call, this.calls.length - 1);
  }
}

/** A fake transport whose calls stay pending until the test settles them, one by one. */
export class GatedTransport implements ApiTransport {
  readonly pending: { call: RecordedCall; resolve: (body: Record<string, unknown>) => void; reject: (error: unknown) => void }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  started = 0;

  call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
    this.started += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        this.inFlight -= 1;
        fn(value);
      };
      this.pending.push({ call: { action, query, target }, resolve: settle(resolve), reject: settle(reject) });
    });
  }

  /** Resolves the oldest pending call with `body`. */
  resolveNext(body: Record<string, unknown> = { IsSuccess: true }): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no pending call');
    next.resolve(body);
  }
}

/** Lets every promise callback that is ready run (several macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
