import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile, RefusedFileError } from '../../src/config/read-regular-file.js';

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'acr-read-regular-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function reasonOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof RefusedFileError) return error.reason;
    throw error;
  }
  throw new Error('expected a RefusedFileError, but the file was read');
}

describe('readRegularFile', () => {
  it('reads a regular file as UTF-8, up to the limit', () => {
    const path = join(workDir, 'ok.yml');
    writeFileSync(path, 'log:\n  level: ünïcode\n');

    expect(readRegularFile(path, 24)).toBe('log:\n  level: ünïcode\n');
  });

  it('refuses a file over the limit without reading it', () => {
    const path = join(workDir, 'big.yml');
    writeFileSync(path, 'x'.repeat(101));

    expect(reasonOf(() => readRegularFile(path, 100))).toBe('101 bytes; expected at most 100');
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const path = join(workDir, 'fifo');
    execFileSync('mkfifo', [path]);

    expect(reasonOf(() => readRegularFile(path, 100))).toBe('a FIFO; expected a regular file');
  });

  it('refuses /dev/zero and a directory', () => {
    expect([reasonOf(() => readRegularFile('/dev/zero', 100)), reasonOf(() => readRegularFile(workDir, 100))]).toEqual([
      'a character device; expected a regular file',
      'a directory; expected a regular file',
    ]);
  });

  it('passes on the errors of open, such as ENOENT', () => {
    expect(() => readRegularFile(join(workDir, 'missing.yml'), 100)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
