import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../clock.js';
import { ACTION_HANDLERS } from './actions/action-handlers.js';
import type { SimDataset } from './dataset.js';
import { findInstance } from './dataset.js';
import { faultAnswer } from './fault-answer.js';
import type { FaultList } from './fault-injector.js';
import { peekPositiveInteger } from './paging.js';
import type { RequestAuthenticator } from './request-authenticator.js';
import type { MemoryRequestLog, RequestLogEntry } from './request-log.js';
import type { ServerRateLimit } from './server-rate-limit.js';
import { SimulatedApiError } from './simulated-api-error.js';
import { errorBody, newRequestId } from './wire-response.js';
import { SIMULATED_API_VERSION } from './api-version.js';

/** Largest request body read (the API's read actions send none; this only bounds a misbehaving client). */
const BODY_LIMIT = '1mb';
const JSON_TYPE = 'application/json;charset=utf-8';
/** The list field of each paged action's answer. */
const LIST_FIELDS = ['Instances', 'Tasks', 'Rules', 'TaskResults'];

export interface SimulatorAppContext {
  dataset: SimDataset;
  /** Data clock: task progress. */
  clock: Clock;
  authenticator: RequestAuthenticator;
  faults: FaultList;
  requests: MemoryRequestLog;
  /** The region served on this local port (each region has its own listener). */
  regionOf(localPort: number): string | undefined;
  /** Waits `ms` of real time (latency faults); the simulator cancels pending waits on close. */
  delay(ms: number): Promise<void>;
  /** One line per request, when given. */
  log?: ((line: string) => void) | undefined;
  /** The account's quota: requests past it are answered 400 Throttling.User. @default no limit */
  rateLimit?: ServerRateLimit | undefined;
}

/** The simulated API: one express app for every region's listener; the local port tells the region. */
export function createSimulatorApp(context: SimulatorAppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Raw bytes of any content type: the body's SHA-256 is part of the signature.
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  app.use((req, res) => serve(context, req, res));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Body too large or unreadable, or a bug in a handler: answer like the API, never crash.
    const status = error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    const code = status < 500 ? 'InvalidParameter' : 'SystemError';
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent) {
      res.status(status).type(JSON_TYPE).send(JSON.stringify(errorBody(newRequestId(), req.headers.host ?? '', code, message)));
    }
  });
  return app;
}

async function serve(context: SimulatorAppContext, req: Request, res: Response): Promise<void> {
  const startedMs = performance.now();
  const requestId = newRequestId();
  const host = req.headers.host ?? '';
  const region = context.regionOf(req.socket.localPort ?? 0) ?? '';
  const url = req.originalUrl;
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const pairs = [...new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1))];
  const query = new Map<string, string>();
  for (const [key, value] of pairs) if (!query.has(key)) query.set(key, value);
  const action = headerValue(req, 'x-acs-action');
  const entry: RequestLogEntry = {
    region,
    action,
    ...optional('instanceId', query.get('InstanceId')),
    ...optional('pageNo', peekPositiveInteger(query, 'PageNo')),
    ...optional('pageSize', peekPositiveInteger(query, 'PageSize')),
    status: 0,
    code: '',
  };
  const finish = (status: number, code: string): void => {
    entry.status = status;
    entry.code = code;
    context.requests.record(entry);
    context.log?.(logLine(req.method, entry, performance.now() - startedMs));
  };
  const sendError = (error: SimulatedApiError): void => {
    res
      .status(error.status)
      .type(JSON_TYPE)
      .set('x-acs-request-id', requestId)
      .send(JSON.stringify(errorBody(requestId, host, error.code, error.message)));
    finish(error.status, error.code);
  };

  try {
    const key = context.authenticator.authenticate({
      method: req.method,
      rawPath,
      query: pairs,
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    entry.accessKeyId = key.accessKeyId;
    entry.account = key.account;
    if (headerValue(req, 'x-acs-version') !== SIMULATED_API_VERSION) {
      throw new SimulatedApiError(400, 'InvalidVersion', `Specified parameter Version is not valid; this API is ${SIMULATED_API_VERSION}.`);
    }
    const handler = ACTION_HANDLERS.get(action);
    if (!handler) {
      throw new SimulatedApiError(404, 'InvalidAction.NotFound', `Specified api ${action} is not found, please check your url and method.`);
    }

    if (context.rateLimit && !context.rateLimit.admit()) {
      throw new SimulatedApiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
    }
    const decision = context.faults.decide({ action, region, instanceId: entry.instanceId, pageNo: entry.pageNo ?? 1 });
    if (decision.inserts.length > 0 && entry.instanceId !== undefined) {
      const instance = findInstance(context.dataset, region, entry.instanceId);
      for (const task of decision.inserts) instance?.tasks.insertAtHead(task);
    }
    if (decision.latencyMs > 0) await context.delay(decision.latencyMs);
    const mangleList = decision.answer?.kind === 'list-null';
    if (decision.answer && !mangleList) {
      const answer = faultAnswer(decision.answer, requestId, host, { method: req.method, url, headers: req.headers });
      // Timeout: hold the request open and never answer; close() destroys the socket.
      if (answer.body === undefined) return finish(answer.status, answer.code);
      res.status(answer.status).set(answer.headers).set('x-acs-request-id', requestId);
      if (answer.contentType) res.type(answer.contentType);
      res.send(answer.body);
      return finish(answer.status, answer.code);
    }

    const answer = handler({ query, regionId: region, account: key.account, dataset: context.dataset, nowMs: context.clock.now(), requestId });
    if (mangleList) nullList(answer.body);
    res.status(answer.status).type(JSON_TYPE).set('x-acs-request-id', requestId).send(JSON.stringify(answer.body));
    const code = answer.body['IsSuccess'] === false ? String(answer.body['Code']) : 'success';
    finish(answer.status, code);
  } catch (error) {
    // A bug in a handler or a malformed dataset entry answers like the API's own failures.
    sendError(error instanceof SimulatedApiError ? error : new SimulatedApiError(500, 'SystemError', String(error)));
  }
}

/** The list-null fault: the list field of a successful page becomes null, TotalCount stays. */
function nullList(body: Record<string, unknown>): void {
  for (const field of LIST_FIELDS) if (Array.isArray(body[field])) body[field] = null;
}

function headerValue(req: Request, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** `{ [key]: value }` when value is defined, else `{}` (entries carry no undefined fields). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function logLine(method: string, entry: RequestLogEntry, elapsedMs: number): string {
  return [
    new Date().toISOString(),
    entry.region || '-',
    method,
    entry.action || '-',
    `instance=${entry.instanceId ?? '-'}`,
    `page=${entry.pageNo ?? '-'}`,
    `size=${entry.pageSize ?? '-'}`,
    `key=${entry.accessKeyId ?? '-'}`,
    '->',
    entry.status === 0 ? 'no-answer' : String(entry.status),
    entry.code,
    `${elapsedMs.toFixed(1)}ms`,
  ].join(' ');
}
