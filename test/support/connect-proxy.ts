/**
 * A small HTTP proxy on 127.0.0.1 that only tunnels (CONNECT), for the proxy tests: it counts the
 * tunnels it opened and records every CONNECT it was asked for, optionally demands
 * Proxy-Authorization (answering 407 otherwise), and can refuse every tunnel with a status.
 * Plain requests (absolute-URI form) get 405: the exporter never sends them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectRequest {
  /** host:port asked for. */
  target: string;
  /** The Proxy-Authorization header as received, if any. */
  authorization: string | undefined;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  port: number;
  /** Every CONNECT received, in order (refused ones included). */
  readonly connects: ConnectRequest[];
  /** Tunnels opened (CONNECT answered 200). */
  tunnels(): number;
  /** Stops listening and closes every tunnel. */
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** When set, a CONNECT without exactly `Basic base64(user:password)` gets 407. */
  credentials?: { user: string; password: string };
  /** Answer every CONNECT with this status instead of opening a tunnel. */
  refuseWith?: number;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: ConnectRequest[] = [];
  const sockets = new Set<Socket>();
  let tunnels = 0;
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}` : undefined;

  const server: Server = createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'text/plain' }).end('CONNECT only\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const authorization = request.headers['proxy-authorization'];
    connects.push({ target, authorization });
    const refuse = (status: string, extra = '') => client.end(`HTTP/1.1 ${status}\r\n${extra}content-length: 0\r\n\r\n`);
    if (options.refuseWith !== undefined) return refuse(`${options.refuseWith} Refused`);
    if (expected !== undefined && authorization !== expected) return refuse('407 Proxy Authentication Required', 'proxy-authenticate: Basic realm="test"\r\n');
    const { hostname, port } = new URL(`http://${target}`);
    const upstream = connect({ host: hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(port) });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      tunnels += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => refuse('502 Bad Gateway'));
    client.once('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    tunnels: () => tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
