import express, { type NextFunction, type Request, type Response } from 'express';
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
export function createApp(deps: AppDeps): express.Express {
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
  app.head('/metrics', async (req, res) => {
    await sendMetrics(req, res, deps.renderer, deps.snapshots.latest());
  });

  app.get('/metrics', async (req, res) => {
    await sendMetrics(req, res, deps.renderer, await deps.snapshots.forScrape());
  });

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

  return app;
}

/**
 * Writes the prepared bytes as they are: gzip when Accept-Encoding accepts it (the snapshot's member after
 * the live families' member), identity otherwise, 406 when neither is acceptable.
 */
async function sendMetrics(req: Request, res: Response, renderer: MetricsRenderer, snapshot: Snapshot | undefined): Promise<void> {
  res.set('Vary', 'Accept-Encoding');
  const encoding = acceptedEncoding(req.get('Accept-Encoding'));
  if (encoding === undefined) {
    res.status(406).type('text').send('Not acceptable: /metrics is served as gzip or identity, and Accept-Encoding refuses both\n');
    return;
  }
  const body = await renderer.render(snapshot, encoding);
  res.set('Content-Type', METRICS_CONTENT_TYPE);
  if (encoding === 'gzip') res.set('Content-Encoding', 'gzip');
  res.set('Content-Length', String(body.reduce((length, part) => length + part.length, 0)));
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
