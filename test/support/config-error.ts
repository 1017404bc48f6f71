import { ConfigError } from '../../src/errors.js';

/** The ConfigError `load` throws; any other outcome (another error, no error) fails the test. */
export function configErrorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}
