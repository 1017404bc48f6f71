import express, { type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { SnapshotSource } from '../scheduler/snapshot-source.js';
import { renderLandingPage, type LandingPageInfo } from './landing-page.js';
import type { Snapshot } from '../collector/snapshot.js';
import { acceptedEncoding } from './accepted-encoding.js';
import { METRICS_CONTENT_TYPE, type MetricsRenderer } from './metrics-renderer.js';

/** Longest part of an unknown path echoed on the 404 page. */
const MAX_ECHOED_PATH_LENGTH = 100;

export interface AppDeps {
  snapshots: SnapshotSource;
  renderer: MetricsRenderer;
  /** What the landing page shows of the configuration; a function, because a reload changes it. */
  landing: () => LandingPageInfo;
  logger: Logger;
  now: () => number;
}

/** The exporter's HTTP routes; listening is the caller's business (src/server/http-server.ts). */
export function createApp(deps: AppDeps): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Every answer is plain text, HTML or the exposition format, and says so: browsers must not guess.
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });

  // HEAD must not cost a collection (Express would run the GET handler): the headers GET would send
  // if it served the newest snapshot, Content-Length included, without touching the API.
  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    const snapshot = req.method === 'HEAD' ? deps.snapshots.latest() : await deps.snapshots.forScrape();
    await sendMetrics(req, res, deps.renderer, snapshot);
  };
  app.head('/metrics', serveMetrics);
  app.get('/metrics', serveMetrics);

  app.get('/', (_req, res) => {
    res.type('html').send(renderLandingPage(deps.landing(), deps.snapshots.latest(), deps.now()));
  });

  app.get('/-/healthy', (_req, res) => {
    res.type('text').send('OK\n');
  });

  app.get('/-/ready', (_req, res) => {
    if (deps.snapshots.ready) res.type('text').send('Ready\n');
    else res.status(503).type('text').send('Not ready: the first collection has not finished yet\n');
  });

  app.all(['/metrics', '/', '/-/healthy', '/-/ready'], (req, res) => {
    res.status(405).set('Allow', 'GET, HEAD').type('text').send(`Method ${req.method} not allowed\n`);
  });

  app.use((req, res) => {
    res.status(404).type('text').send(`Not found: ${echoedPath(req.path)}. Try /metrics, / or /-/healthy\n`);
  });

  // Express 5 passes rejected async handlers here; the process keeps serving.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ err: error, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).type('text').send('Internal error; see the exporter log\n');
  });

  // GET and HEAD of exactly /metrics skip Express: its per-request work would cost more than writing out
  // a gzip answer does. Its spellings Express also routes (/metrics/, /METRICS) still go through the routes above.
  return (req, res) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && isMetricsPath(req.url)) {
      serveMetrics(req, res).catch((error: unknown) => {
        deps.logger.error({ err: error, path: '/metrics' }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(res.headersSent ? undefined : 'Internal error; see the exporter log\n');
      });
      return;
    }
    app(req, res);
  };
}

function isMetricsPath(url: string | undefined): boolean {
  return url === '/metrics' || url?.startsWith('/metrics?') === true;
}

/**
 * Writes the prepared bytes as they are: gzip when Accept-Encoding accepts it (the snapshot's member after
 * the live families' member), identity otherwise, 406 when neither is acceptable.
 */
async function sendMetrics(req: IncomingMessage, res: ServerResponse, renderer: MetricsRenderer, snapshot: Snapshot | undefined): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Vary', 'Accept-Encoding');
  const encoding = acceptedEncoding(req.headers['accept-encoding']);
  if (encoding === undefined) {
    res.writeHead(406, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not acceptable: /metrics is served as gzip or identity, and Accept-Encoding refuses both\n');
    return;
  }
  const body = await renderer.render(snapshot, encoding);
  res.writeHead(200, {
    'Content-Type': METRICS_CONTENT_TYPE,
    ...(encoding === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
    'Content-Length': body.reduce((length, part) => length + part.length, 0),
  });
  // HEAD: Node sends the headers and discards the body. Corked: the parts leave in as few packets as they fit.
  res.cork();
  for (const part of body.slice(0, -1)) res.write(part);
  res.end(body.at(-1));
}

/** The path as it may be echoed: printable ASCII only (the rest as \xHH), cut to MAX_ECHOED_PATH_LENGTH. */
function echoedPath(path: string): string {
  const printable = path.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return printable.length > MAX_ECHOED_PATH_LENGTH ? `${printable.slice(0, MAX_ECHOED_PATH_LENGTH)}...` : printable;
}
