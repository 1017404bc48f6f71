import { SeededRandom } from './seeded-random.js';

/** Delay of a latency fault that names no latencyMs. */
const DEFAULT_LATENCY_MS = 1000;

export type FaultKind =
  | 'latency' // delay, then answer normally (or with another fault)
  | 'throttling' // 400 Throttling.User (503 with code ServiceUnavailable)
  | 'forbidden' // 403 NoPrivilege
  | 'server-error' // 500 SystemError
  | 'timeout' // never answer
  | 'non-json' // 200 with an HTML body
  | 'not-success' // 200 {IsSuccess:false, Code:INSTANCE_NOT_EXIST}
  | 'insert-task' // put a task at the head of the instance's list, then answer normally
  | 'empty-500' // 500 with an empty body
  | 'html-502' // 502 with a proxy's HTML page
  | 'list-null' // 200 success whose list (Tasks, Instances, ...) is null while TotalCount is the real count
  | 'signature-mismatch'; // 400 SignatureDoesNotMatch whose Message quotes the request: AccessKeyId, token, Authorization, signature

export interface FaultSpec {
  kind: FaultKind;
  /** Filters; an omitted filter matches any call. A call without InstanceId never matches an instanceId filter. */
  action?: string;
  instanceId?: string;
  region?: string;
  /** The call's PageNo (1 when the call sends none). */
  pageNo?: number;
  /** Only the Nth matching call (1-based). */
  onCall?: number;
  /** At most this many times. */
  times?: number;
  /** Probability 0..1 per matching call (seeded RNG, so a run is repeatable). */
  rate?: number;
  /** latency: delay before answering, real time (setTimeout). @default 1000 */
  latencyMs?: number;
  /**
   * throttling: value of the response header x-acs-retry-after, in milliseconds: the unit
   * openapi-core (darabonba) and Alibaba's other SDKs read it in (the API reference names none).
   */
  retryAfterMs?: number;
  /** Overrides the error code, e.g. Throttling.User, ServiceUnavailable, INSTANCE_NOT_EXIST. */
  code?: string;
  /** Overrides the HTTP status. */
  status?: number;
  /** insert-task: the task inserted at the head BEFORE this call is served. */
  task?: Record<string, unknown>;
}

export interface FaultInjector {
  /** Adds a fault after the existing ones; the handle removes it again. */
  add(spec: FaultSpec): { remove(): void };
  clear(): void;
}

/** What a call is, as far as fault filters are concerned. */
export interface FaultCall {
  action: string;
  region: string;
  instanceId?: string | undefined;
  pageNo?: number | undefined;
}

/** The faults that fired for one call. */
export interface FaultDecision {
  /** Total delay of the latency faults that fired. */
  latencyMs: number;
  /** Tasks of the insert-task faults that fired, in the order the faults were added. */
  inserts: Record<string, unknown>[];
  /** The first fault that fired and decides the answer (any kind but latency and insert-task; list-null changes the normal answer). */
  answer: FaultSpec | undefined;
}

const FAULT_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'latency',
  'throttling',
  'forbidden',
  'server-error',
  'timeout',
  'non-json',
  'not-success',
  'insert-task',
  'empty-500',
  'html-502',
  'list-null',
  'signature-mismatch',
]);

interface FaultEntry {
  spec: FaultSpec;
  matched: number;
  fired: number;
}

/**
 * The scripted faults, in the order they were added. Every fault whose filters match a call counts
 * that call (for onCall); latency and insert-task faults add up; of the faults that decide the
 * answer only the first that fires does, and the others neither fire nor use up their `times`.
 */
export class FaultList implements FaultInjector {
  private entries: FaultEntry[] = [];
  private readonly rng: SeededRandom;

  constructor(seed: number) {
    this.rng = new SeededRandom(seed);
  }

  add(spec: FaultSpec): { remove(): void } {
    validateFault(spec);
    const entry: FaultEntry = { spec: { ...spec }, matched: 0, fired: 0 };
    this.entries.push(entry);
    return {
      remove: () => {
        this.entries = this.entries.filter((candidate) => candidate !== entry);
      },
    };
  }

  clear(): void {
    this.entries = [];
  }

  decide(call: FaultCall): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, inserts: [], answer: undefined };
    for (const entry of this.entries) {
      const { spec } = entry;
      if (!matches(spec, call)) continue;
      entry.matched++;
      if (spec.onCall !== undefined && entry.matched !== spec.onCall) continue;
      if (spec.times !== undefined && entry.fired >= spec.times) continue;
      const answers = spec.kind !== 'latency' && spec.kind !== 'insert-task';
      if (answers && decision.answer) continue;
      if (spec.rate !== undefined && !this.rng.chance(spec.rate)) continue;
      entry.fired++;
      if (spec.kind === 'latency') decision.latencyMs += spec.latencyMs ?? DEFAULT_LATENCY_MS;
      else if (spec.kind === 'insert-task') decision.inserts.push(spec.task as Record<string, unknown>);
      else decision.answer = spec;
    }
    return decision;
  }
}

function matches(spec: FaultSpec, call: FaultCall): boolean {
  return (
    (spec.action === undefined || spec.action === call.action) &&
    (spec.region === undefined || spec.region === call.region) &&
    (spec.instanceId === undefined || spec.instanceId === call.instanceId) &&
    (spec.pageNo === undefined || spec.pageNo === call.pageNo)
  );
}

function validateFault(spec: FaultSpec): void {
  if (!FAULT_KINDS.has(spec.kind)) throw new TypeError(`unknown fault kind ${JSON.stringify(spec.kind)}`);
  if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) {
    throw new RangeError(`fault rate must be within 0..1, got ${spec.rate}`);
  }
  if (spec.onCall !== undefined && !(Number.isInteger(spec.onCall) && spec.onCall >= 1)) {
    throw new RangeError(`fault onCall must be an integer >= 1, got ${spec.onCall}`);
  }
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 0)) {
    throw new RangeError(`fault times must be an integer >= 0, got ${spec.times}`);
  }
  if (spec.kind === 'insert-task' && (spec.task === undefined || typeof spec.task !== 'object')) {
    throw new TypeError('an insert-task fault needs a task');
  }
}
