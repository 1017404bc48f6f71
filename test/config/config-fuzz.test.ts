/**
 * Config fuzz: a few hundred generated hostile files, values and names (hostile-configs.ts, fixed
 * seed) through loadConfig with the real file reader. Each must end in a ConfigError whose
 * message is one line (no line break, no control or bidi character), of bounded length, and does
 * not print a planted secret whole.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { hostileCases } from './hostile-configs.js';

/** Longest message: a key path, a cut value, what is expected and the source. */
const MAX_MESSAGE_CHARS = 600;
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const workDir = mkdtempSync(join(tmpdir(), 'acr-config-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const cases = hostileCases(workDir);

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('config fuzz through loadConfig', () => {
  it('generates a few hundred cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it.each(cases.map((hostile, index) => [index, hostile.name, hostile] as const))('case %i (%s) fails with one ConfigError line', (_index, _name, hostile) => {
    const error = errorOf(() => loadConfig({ argv: hostile.argv, env: hostile.env }));

    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toMatch(LINE_BREAKING);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    if (hostile.secret) expect(message).not.toContain(hostile.secret);
  });
});
