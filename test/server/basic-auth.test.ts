import { describe, expect, it } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { BasicAuth, parseBasic } from '../../src/server/basic-auth.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** Cost high enough that one comparison is measurable next to everything else in a check. */
const COST = 8;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('BasicAuth', () => {
  it('accepts the right password only, and $2y$ hashes as htpasswd writes them', async () => {
    const hash = (await bcrypt.hash('secret', 4)).replace(/^\$2b\$/, '$2y$');
    const auth = await BasicAuth.create(new Map([['alice', hash]]), 4);
    expect(await auth.check(basic('alice', 'secret'))).toBe(true);
    expect(await auth.check(basic('alice', 'secret'))).toBe(true); // cached
    expect(await auth.check(basic('alice', 'wrong'))).toBe(false);
    expect(await auth.check(basic('bob', 'secret'))).toBe(false);
    expect(await auth.check(undefined)).toBe(false);
    expect(await auth.check('Bearer abc')).toBe(false);
  });

  it('spends a bcrypt comparison on an unknown user, as on a wrong password', async () => {
    const auth = await BasicAuth.create(new Map([['alice', await bcrypt.hash('secret', COST)]]), COST);
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 3; round++) {
      wrong.push(await timed(() => auth.check(basic('alice', 'wrong'))));
      unknown.push(await timed(() => auth.check(basic('mallory', 'wrong'))));
    }
    // Without the dummy comparison an unknown user answers in microseconds; a bcrypt run at cost 8 takes milliseconds.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...wrong) / 3);
  });
});

describe('parseBasic', () => {
  it('splits at the first colon and refuses other schemes', () => {
    expect(parseBasic(basic('a', 'b:c'))).toEqual({ user: 'a', password: 'b:c' });
    expect(parseBasic('basic ' + Buffer.from('x:').toString('base64'))).toEqual({ user: 'x', password: '' });
    expect(parseBasic('Basic ' + Buffer.from('nocolon').toString('base64'))).toBeUndefined();
    expect(parseBasic('Digest x')).toBeUndefined();
  });
});
