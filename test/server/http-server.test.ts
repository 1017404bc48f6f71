import { afterEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type RunningServer } from '../../src/server/http-server.js';

const started: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void, host: string | undefined = '127.0.0.1'): Promise<RunningServer> {
  const server = await listen(handler, { host, port: 0 });
  started.push(server);
  return server;
}

/** A GET over a keep-alive agent-less socket, resolved with the status, headers and body. */
function get(url: string): Promise<{ status: number | undefined; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { connection: 'keep-alive' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listen', () => {
  it('binds the parsed address and reports the port it got', async () => {
    const server = await serve((_request, response) => response.end('hello'));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
    expect((await get(server.url)).body).toBe('hello');
  });

  it('shows an IPv6 host in brackets', async () => {
    const server = await serve((_request, response) => response.end('six'), '::1').catch(() => undefined);
    if (!server) return; // no IPv6 loopback on this machine: nothing to bind
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await get(server.url)).body).toBe('six');
  });

  it('rejects when the port is taken', async () => {
    const first = await serve((_request, response) => response.end());
    await expect(listen(() => undefined, { host: '127.0.0.1', port: Number(new URL(first.url).port) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('RunningServer.close', () => {
  it('lets a request in flight finish, closing its keep-alive connection, and refuses new ones', async () => {
    let arrived: (response: ServerResponse) => void = () => undefined;
    const requestArrived = new Promise<ServerResponse>((resolve) => (arrived = resolve));
    const server = await listen((_request, response) => arrived(response), { host: '127.0.0.1', port: 0 });
    const inFlight = get(server.url);
    const held = await requestArrived;

    const closed = server.close();
    held.end('late answer');
    const response = await inFlight;
    await closed;

    expect(response.body).toBe('late answer');
    expect(response.headers['connection']).toBe('close');
    await expect(get(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
