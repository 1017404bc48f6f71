/**
 * A setting naming a file the exporter reads later (web.configFile): checked when the configuration
 * is loaded, so a typo fails at start and in --check-config, not at the first request.
 */
import { statSync } from 'node:fs';
import { z } from 'zod';
import { describeValue } from './describe-value.js';

/** Longer paths are refused before they reach the file system (Linux PATH_MAX). */
const MAX_PATH_CHARS = 4096;
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The path of an existing regular file (symlinks followed, as Kubernetes mounts Secrets). */
export function filePathValue(what: string): z.ZodType<string, unknown> {
  return z.unknown().transform((value, ctx) => {
    const problem = problemOf(value);
    if (problem === undefined) return value as string;
    ctx.issues.push({ code: 'custom', message: `${describeValue(value)} ${problem}; expected the path of ${what}`, input: value });
    return z.NEVER;
  });
}

function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'is not a file path';
  if (value.length > MAX_PATH_CHARS || CONTROL_OR_BIDI.test(value)) return 'is not a file path';
  try {
    return statSync(value).isFile() ? undefined : 'is not a regular file';
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}
