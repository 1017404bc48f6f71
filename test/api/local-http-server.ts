import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the local server received. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
}

export type LocalHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** A plain HTTP server on 127.0.0.1 (free port) whose answer each test sets; records requests. */
export class LocalHttpServer {
  readonly received: ReceivedRequest[] = [];
  handler: LocalHandler = (_, response) => LocalHttpServer.json(response, 200, { IsSuccess: true });
  private readonly server = http.createServer((request, response) => {
    this.received.push({ method: request.method ?? '', url: new URL(request.url ?? '/', 'http://local'), headers: request.headers });
    this.handler(request, response);
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** host:port, as a region endpoint. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  static json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }
}
