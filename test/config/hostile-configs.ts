/**
 * Hostile configurations for the fuzz tests (config-fuzz.test.ts through loadConfig,
 * e2e/cli-config-fuzz.test.ts through the built CLI): generated from a fixed seed, so a failure
 * names a case that is the same on every run. Every case is invalid, so each must end in a
 * ConfigError. Files are written into `dir`; the caller removes it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../src/config/schema.js';

export interface HostileCase {
  name: string;
  argv: string[];
  env: Record<string, string>;
  /** A secret the case plants; the error must not print it whole. */
  secret?: string;
}

/** mulberry32: a small seeded generator, enough to vary the cases reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const VALID_REGION = 'regions:\n  - id: cn-hangzhou\n';
const SECRET = 'LTAI5tQ9zXw7kP2mN8vR3bYc'; // 24 characters, shaped like an AccessKey id
const SECRET_LONG = 'Zq8vN2xW7kP3mR9tY4bC6dF1gH5jL0'; // 30 characters, shaped like an AccessKey secret

/** YAML scalars (as written in a file) that no key accepts. */
const BAD_SCALARS = [
  '.nan',
  '.inf',
  '-.inf',
  '-1',
  'true',
  'false',
  '""',
  '" "',
  '"\\u0000\\n\\r"',
  '"\\u202eetacs"',
  '"\\u2028x"',
  '"ｓｃｒａｐｅ"',
  '"🙂🙂🙂"',
  `"${SECRET}="`,
  '{a: 1}',
  '[[1]]',
  '!!binary aGVsbG8=',
  `"${'x'.repeat(100_000)}"`,
];

/** Text values (env vars, flags) that no key accepts. */
const BAD_TEXTS = ['\u0000', 'a\nb', ' ', 'NaN', 'Infinity', '-1', 'true', '\u202eetacs', '\ud800', 'ｓｃｒａｐｅ', SECRET_LONG, 'x'.repeat(50_000)];

/** The pool without the values a key of this kind accepts (true and false are good booleans). */
function badFor(kind: string, pool: readonly string[]): readonly string[] {
  return kind === 'boolean' ? pool.filter((value) => value !== 'true' && value !== 'false') : pool;
}

export function hostileCases(dir: string, seed = 8): HostileCase[] {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  let fileCount = 0;
  const file = (content: string | Buffer): string => {
    const path = join(dir, `case-${(fileCount += 1)}.yml`);
    writeFileSync(path, content);
    return path;
  };
  const cases: HostileCase[] = [];
  const add = (name: string, content: string | Buffer, secret?: string) =>
    cases.push({ name, argv: ['--config', file(content)], env: {}, ...(secret ? { secret } : {}) });

  // Paths that are not a configuration file.
  const fifo = join(dir, 'fifo.yml');
  execFileSync('mkfifo', [fifo]);
  cases.push({ name: 'a FIFO', argv: ['--config', fifo], env: {} });
  cases.push({ name: '/dev/zero', argv: ['--config', '/dev/zero'], env: {} });
  cases.push({ name: '/dev/urandom', argv: ['--config', '/dev/urandom'], env: {} });
  cases.push({ name: 'a directory', argv: ['--config', dir], env: {} });
  cases.push({ name: 'a missing file', argv: ['--config', join(dir, 'missing.yml')], env: {} });
  cases.push({ name: 'a path with a newline', argv: ['--config', join(dir, 'a\nb.yml')], env: {} });
  add('a 2 MiB file', `${VALID_REGION}# ${'x'.repeat(2 * 1024 * 1024)}\n`);
  add('an empty file', '');
  add('a byte order mark only', '\ufeff');
  add('a byte order mark and a bad value', `\ufeff${VALID_REGION}collection:\n  mode: fast\n`);
  add('CRLF line ends and a bad value', `${VALID_REGION}collection:\n  mode: fast\n`.replaceAll('\n', '\r\n'));
  add('a dotenv file', `AWS_SECRET_ACCESS_KEY=${SECRET_LONG}\nACR_LOG_LEVEL=info\n`, SECRET_LONG);
  add('a secret under log.level', `${VALID_REGION}log:\n  level: ${SECRET_LONG}\n`, SECRET_LONG);
  add('a secret as a key', `${VALID_REGION}${SECRET_LONG}x: 1\n`, SECRET_LONG);
  add('listen address 999.999.999.999:9742', `${VALID_REGION}web:\n  listenAddress: 999.999.999.999:9742\n`);
  add('api.requestsPerSecond 1e-7', `${VALID_REGION}api:\n  requestsPerSecond: 1e-7\n`);
  add('an interval beyond the timer limit', `${VALID_REGION}collection:\n  interval: 25d\n`);
  add('a duration of 10^20 days', `${VALID_REGION}collection:\n  interval: 100000000000000000000d\n`);
  add('multiple documents', `${VALID_REGION}---\n${VALID_REGION}`);
  add('a YAML 1.1 directive and a bad value', `%YAML 1.1\n---\n${VALID_REGION}collection:\n  mode: yes\n`);
  add('a custom tag', `${VALID_REGION}collection:\n  mode: !fast scrape\n  bogus: 1\n`);

  // Alias bombs: each level repeats the previous one `width` times.
  for (let index = 0; index < 12; index += 1) {
    const width = int(3, 12);
    const depth = int(4, 9);
    let text = `a0: &a0 [${Array(width).fill('"lol"').join(', ')}]\n`;
    for (let level = 1; level <= depth; level += 1) text += `a${level}: &a${level} [${Array(width).fill(`*a${level - 1}`).join(', ')}]\n`;
    add(`an alias bomb ${width}x${depth}`, VALID_REGION + text);
  }
  // Undefined aliases, some named to break a line or to be long.
  for (const name of ['nope', 'x'.repeat(5000), 'n\u0085x', pick(['a', 'b']) + SECRET_LONG]) add(`an undefined alias *${name.slice(0, 12)}`, `regions: *${name}\n`);

  // Deep nesting, flow and block, just over the limit and far over it.
  for (let index = 0; index < 16; index += 1) {
    const depth = pick([17, 20, 100, 1000, 10_000, 100_000]);
    const open = Array.from({ length: depth }, () => pick(['[', '{'])).join('');
    const style = index % 4;
    const text =
      style === 0
        ? `regions: ${open}`
        : style === 1
          ? `${VALID_REGION}a: ${open}${[...open].reverse().map((c) => (c === '[' ? ']' : '}')).join('')}\n`
          : style === 2
            ? Array.from({ length: Math.min(depth, 400) }, (_, level) => `${' '.repeat(level)}k${level}:\n`).join('')
            : `${VALID_REGION}b:\n${'  '}${'- '.repeat(Math.min(depth, 5000))}x\n`;
    add(`nesting ${depth} (style ${style})`, text);
  }

  // Many tokens: long lists and mappings, many instance ids.
  for (let index = 0; index < 8; index += 1) {
    const count = int(10_000, 60_000);
    const kind = index % 4;
    const text =
      kind === 0
        ? `regions:\n  - id: cn-hangzhou\n    instances:\n${Array.from({ length: count }, (_, i) => `      - cri-${i}\n`).join('')}`
        : kind === 1
          ? `${VALID_REGION}x: [${Array.from({ length: count }, (_, i) => i).join(', ')}]\n`
          : kind === 2
            ? `${VALID_REGION}${Array.from({ length: count }, (_, i) => `k${i}: ${i}\n`).join('')}`
            : '! '.repeat(count);
    add(`${count} items (kind ${kind})`, text);
  }

  // Repeated keys at random places.
  for (let index = 0; index < 6; index += 1) {
    const keys = Array.from({ length: int(2, 2000) }, (_, i) => `k${i}: ${i}`);
    keys.splice(int(0, keys.length), 0, pick(keys));
    add(`a repeated key among ${keys.length}`, `${VALID_REGION}${keys.join('\n')}\n`);
  }

  // Binary garbage and random text.
  for (let index = 0; index < 40; index += 1) {
    const bytes = Buffer.from(Array.from({ length: int(1, 4096) }, () => int(0, 255)));
    add(`${bytes.length} random bytes`, bytes);
  }
  for (let index = 0; index < 20; index += 1) {
    const alphabet = ':-[]{}&*!|>?#%@`\'",\n \t\\abc0123\u00a0\u2028\u200b\u202e🙂';
    const text = Array.from({ length: int(1, 3000) }, () => pick([...alphabet])).join('');
    add(`${text.length} characters of YAML punctuation`, text);
  }

  // A bad value at every key of the file, from the pool above.
  for (const key of CONFIG_KEYS) {
    for (let index = 0; index < 3; index += 1) {
      const value = pick(badFor(key.kind, BAD_SCALARS));
      add(`${key.path}: ${value.slice(0, 16)}`, yamlAt(key.path, value), value.includes(SECRET) ? SECRET : undefined);
    }
  }

  // Unknown keys at random levels, with odd names.
  const oddNames = ['bogus', '__proto__', 'constructor', 'toString', 'ｍｏｄｅ', 'a\u202eb', '"a\\nb"', '"\\u0000"', `k${'y'.repeat(3000)}`, '"🙂"', '1', '~x'];
  for (let index = 0; index < 24; index += 1) {
    const section = pick(['', 'collection.', 'api.', 'api.retry.', 'discovery.', 'web.', 'log.', 'sharding.']);
    add(`unknown key ${section}…`, `${VALID_REGION}${yamlAt(`${section}${pick(oddNames)}`, String(int(0, 9)))}`);
  }

  // Bad values and names through the environment and flags.
  const settable = CONFIG_KEYS.filter((key) => key.env !== undefined && key.flag !== undefined && !['regex-list', 'list', 'regions'].includes(key.kind));
  for (let index = 0; index < 40; index += 1) {
    const key = pick(settable);
    const text = pick(badFor(key.kind, BAD_TEXTS));
    const secret = text === SECRET_LONG ? SECRET_LONG : undefined;
    if (index % 2 === 0) cases.push({ name: `env ${key.env} bad`, argv: ['--region', 'cn-hangzhou'], env: { [key.env ?? '']: text }, ...(secret ? { secret } : {}) });
    else cases.push({ name: `flag ${key.flag} bad`, argv: ['--region', 'cn-hangzhou', `${key.flag}=${text}`], env: {}, ...(secret ? { secret } : {}) });
  }
  for (const name of ['ACR_NOPE', `ACR_${'X'.repeat(5000)}`, 'ACR_\u202eX']) cases.push({ name: `env ${name.slice(0, 10)}`, argv: [], env: { [name]: SECRET_LONG }, secret: SECRET_LONG });
  for (const token of [SECRET_LONG, `--${'x'.repeat(5000)}`, '--a\nb', '--log.level', '--check-config=maybe']) {
    cases.push({ name: `argument ${token.slice(0, 12)}`, argv: ['--region', 'cn-hangzhou', token], env: {}, ...(token === SECRET_LONG ? { secret: SECRET_LONG } : {}) });
  }
  return cases;
}

/** `value` placed at a dotted path (regions[].x goes into a region). */
function yamlAt(path: string, value: string): string {
  if (path === 'regions') return `regions: ${value}\n`;
  if (path === 'regions[].id') return `regions:\n  - id: ${value}\n`;
  if (path.startsWith('regions[].')) return `regions:\n  - id: cn-hangzhou\n    ${path.slice('regions[].'.length)}: ${value}\n`;
  const parts = path.split('.');
  const lines = parts.map((part, depth) => `${'  '.repeat(depth)}${part}:${depth === parts.length - 1 ? ` ${value}` : ''}`);
  return `${VALID_REGION}${lines.join('\n')}\n`;
}
