import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../clock.js';
import { AccessKeys, type SimAccessKey } from './access-keys.js';
import type { SimCredential, SimDataset } from './dataset.js';
import { FaultList, type FaultInjector } from './fault-injector.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { DEFAULT_REQUEST_LOG_LIMIT, MemoryRequestLog, type RequestLog } from './request-log.js';
import { createSimulatorApp } from './simulator-app.js';
import { ServerRateLimit, type ServerRateLimitOptions } from './server-rate-limit.js';
import { createStsHandler, type SimRole } from './sts-service.js';

const DEFAULT_HOST = '127.0.0.1';

export interface SimulatorOptions {
  dataset: SimDataset;
  /** Key pairs whose signatures are accepted. */
  credentials: SimCredential[];
  /** Data clock: task progress follows it. @default systemClock */
  clock?: Clock;
  /** Wall time: the x-acs-date skew check and the rateLimit quota; NOT the data clock. @default Date.now */
  wallClock?: () => number;
  /** When given, one line per request (the standalone CLI prints them). */
  log?: (line: string) => void;
  /** Seed of the RNG behind rate-based faults. @default 1 */
  seed?: number;
  /** The first region listens on this port, the next on basePort + 1, ...; 0 picks free ports. @default 0 */
  basePort?: number;
  /** Address every region listens on. @default 127.0.0.1 */
  host?: string;
  /** Request log entries kept (the oldest are dropped past it). @default 100000 */
  requestLogLimit?: number;
  /** A server-side quota over every authenticated request (wall time); past it the answer is 400 Throttling.User. @default none */
  rateLimit?: ServerRateLimitOptions;
  /**
   * An STS listener (AssumeRole, sts-service.ts) over HTTPS with this certificate and key (PEM
   * text): @alicloud/credentials speaks HTTPS only to STS. The keys it issues are accepted by the
   * API listeners and act as the role's account. @default no STS
   */
  sts?: { tls: { cert: string; key: string }; roles: SimRole[] };
}

/** The simulated STS of a running simulator. */
export interface RunningSts {
  /** host:port of the HTTPS listener (api.stsEndpoint). */
  readonly endpoint: string;
  /** The keys AssumeRole issued so far, oldest first, each with its account and token. */
  issued(): SimAccessKey[];
}

export interface RunningSimulator {
  /** Region ids served, in dataset order (regions added to the dataset after start are not served). */
  readonly regions: string[];
  /**
   * host:port of the region's endpoint. Each region listens on its own port, like
   * cr.<region>.aliyuncs.com; a request for an unknown instance answers like the API (INSTANCE_NOT_EXIST).
   */
  endpoint(region: string): string;
  readonly clock: Clock;
  /** Live and mutable: tests may push instances or tasks. */
  readonly dataset: SimDataset;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** The STS listener, when options.sts was given. */
  readonly sts: RunningSts | undefined;
  /** Closes the listeners and destroys open sockets, including requests held by timeout faults. */
  close(): Promise<void>;
}

/** Starts one listener per region of the dataset, all served by one app. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? DEFAULT_HOST;
  const faults = new FaultList(options.seed ?? 1);
  const requests = new MemoryRequestLog(options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT);
  const regions = options.dataset.regions.map((region) => region.id);
  const regionByPort = new Map<number, string>();
  const pendingDelays = new Set<NodeJS.Timeout>();
  const keys = new AccessKeys(options.credentials);
  const wallClock = options.wallClock ?? Date.now;

  const app = createSimulatorApp({
    rateLimit: options.rateLimit ? new ServerRateLimit(options.rateLimit, wallClock) : undefined,
    dataset: options.dataset,
    clock,
    authenticator: new RequestAuthenticator(keys, wallClock),
    faults,
    requests,
    regionOf: (port) => regionByPort.get(port),
    delay: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          pendingDelays.delete(timer);
          resolve();
        }, ms);
        pendingDelays.add(timer);
      }),
    log: options.log,
  });

  const servers: Server[] = [];
  const endpoints = new Map<string, string>();
  let sts: RunningSts | undefined;
  const close = async (): Promise<void> => {
    for (const timer of pendingDelays) clearTimeout(timer);
    pendingDelays.clear();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };

  try {
    for (const [index, region] of regions.entries()) {
      const server = createServer(app);
      servers.push(server);
      const port = await listen(server, options.basePort ? options.basePort + index : 0, host);
      regionByPort.set(port, region);
      endpoints.set(region, `${host}:${port}`);
    }
    if (options.sts) {
      const handler = createStsHandler({ keys, roles: options.sts.roles, wallClock, requests, log: options.log });
      const server = createTlsServer({ cert: options.sts.tls.cert, key: options.sts.tls.key }, handler);
      servers.push(server);
      const endpoint = `${host}:${await listen(server, 0, host)}`;
      sts = { endpoint, issued: () => keys.issued() };
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    regions,
    endpoint: (region) => {
      const endpoint = endpoints.get(region);
      if (!endpoint) throw new RangeError(`the simulator serves no region ${JSON.stringify(region)} (it serves ${regions.join(', ')})`);
      return endpoint;
    },
    clock,
    dataset: options.dataset,
    faults,
    requests,
    sts,
    close,
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
