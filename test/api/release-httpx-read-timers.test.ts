import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { withReadTimerRelease } from '../../src/api/release-httpx-read-timers.js';

/** httpx keeps the current read timer on the socket under a private Symbol with this description. */
const READ_TIMER = Symbol('TIMER::READ_TIMER');

type FakeSocket = Record<symbol, NodeJS.Timeout | null>;

/** A response as httpx.request resolves it: its socket holds the read timer httpx started. */
function fakeResponse(socket: FakeSocket): IncomingMessage {
  return Object.assign(new EventEmitter(), { socket }) as unknown as IncomingMessage;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withReadTimerRelease', () => {
  it('clears the read timer once the response closes, and drops the socket reference to it', async () => {
    let fired = false;
    const socket: FakeSocket = { [READ_TIMER]: setTimeout(() => (fired = true), 50) };
    const response = fakeResponse(socket);
    const request = withReadTimerRelease(async () => response);

    expect(await request('http://local/', {})).toBe(response);
    response.emit('close');
    await sleep(100);

    expect(fired).toBe(false);
    expect(socket[READ_TIMER]).toBeNull();
  });

  it('leaves the timer running until the response closes, so a slow reply still times out', async () => {
    let fired = false;
    const socket: FakeSocket = { [READ_TIMER]: setTimeout(() => (fired = true), 20) };
    const request = withReadTimerRelease(async () => fakeResponse(socket));

    await request('http://local/', {});
    await sleep(60);

    expect(fired).toBe(true);
  });

  it('leaves alone the timer of the next request on a reused keep-alive socket', async () => {
    let nextFired = false;
    const socket: FakeSocket = { [READ_TIMER]: setTimeout(() => undefined, 1_000) };
    const response = fakeResponse(socket);
    await withReadTimerRelease(async () => response)('http://local/', {});
    const nextTimer = setTimeout(() => (nextFired = true), 20);
    socket[READ_TIMER] = nextTimer;

    response.emit('close');
    await sleep(60);

    expect(socket[READ_TIMER]).toBe(nextTimer);
    expect(nextFired).toBe(true);
  });

  it('passes responses without a socket or a read timer through untouched', async () => {
    const detached = Object.assign(new EventEmitter(), { socket: null }) as unknown as IncomingMessage;
    const untimed = fakeResponse({});

    await expect(withReadTimerRelease(async () => detached)('http://local/', {})).resolves.toBe(detached);
    await expect(withReadTimerRelease(async () => untimed)('http://local/', {})).resolves.toBe(untimed);
    expect(untimed.listenerCount('close')).toBe(0);
  });
});
