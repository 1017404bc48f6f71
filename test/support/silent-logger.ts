import { pino } from 'pino';
import type { Logger } from '../../src/logger.js';

/** A logger that writes nothing, for tests that do not assert on logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
