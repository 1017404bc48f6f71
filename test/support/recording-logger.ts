import { Writable } from 'node:stream';
import { pino, type Level } from 'pino';
import type { Logger } from '../../src/logger.js';

/** A logger whose JSON lines are kept, parsed, for tests that assert on logs. */
export function recordingLogger(level: Level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
