import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { ListenAddress } from '../config/listen-address.js';
import type { WebEndpoint } from './web-endpoint.js';

/** How long in-flight requests may take to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 5000;

export interface RunningServer {
  server: Server;
  /** http://host:port (https:// with TLS) with the port actually bound. */
  url: string;
  /** Stops accepting, lets in-flight requests finish (at most SHUTDOWN_GRACE_MS), then closes. */
  close(): Promise<void>;
}

/**
 * Listens on `address` as the configuration parsed it (web.listenAddress: host undefined = every interface).
 * With `endpoint` (web.configFile), every request passes its checks, TLS when it configures one; a
 * changed certificate applies to the next connection (server.setSecureContext).
 */
export async function listen(handler: RequestListener, address: ListenAddress, endpoint?: WebEndpoint): Promise<RunningServer> {
  const { host, port } = address;
  const secured = endpoint === undefined ? handler : endpoint.wrap(handler);
  const tls = endpoint?.settings.tls;
  const server: Server = tls === undefined ? createServer(secured) : createTlsServer(tls.options, secured);
  if (endpoint !== undefined && tls !== undefined) {
    // Not in @types/node, but own properties of every tls.Server (set by its constructor).
    const tlsServer = server as ReturnType<typeof createTlsServer> & { requestCert: boolean; rejectUnauthorized: boolean };
    endpoint.onTlsChange = (settings) => {
      if (settings.tls === undefined) return;
      tlsServer.setSecureContext(settings.tls.options);
      // setSecureContext leaves these two alone; the constructor stores them on the server, where each
      // new connection reads them, so a client_auth_type edit applies from the next handshake.
      tlsServer.requestCert = settings.tls.options.requestCert;
      tlsServer.rejectUnauthorized = settings.tls.options.rejectUnauthorized;
    };
  }
  // Responses still being prepared when shutdown starts are sent with "Connection: close", so that
  // their keep-alive sockets do not hold the server open for keepAliveTimeout after answering.
  const pending = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    pending.add(response);
    response.once('close', () => pending.delete(response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const shownHost = host === undefined ? '0.0.0.0' : bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    server,
    url: `${tls === undefined ? 'http' : 'https'}://${shownHost}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        for (const response of pending) if (!response.headersSent) response.setHeader('Connection', 'close');
        server.closeIdleConnections();
      }),
  };
}
