import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/types.js';

export type { Logger };

/**
 * Structured JSON logs on stdout. Credentials never reach a log line: the exporter never holds them
 * (they stay inside @alicloud/credentials), and `redact` removes the usual suspects should an error object
 * carry request headers.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { name: 'acr-subscription-exporter' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['*.accessKeyId', '*.accessKeySecret', '*.securityToken', '*.headers.authorization', '*.headers["x-acs-security-token"]'],
        censor: '[REDACTED]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
