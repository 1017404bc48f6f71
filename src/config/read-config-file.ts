/**
 * The YAML configuration file, read and parsed, not yet validated. A missing file, a syntax
 * error (with line and column) or a top level that is not a mapping is a ConfigError.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { describeValue } from './describe-value.js';

export interface ConfigFileContents {
  values: Record<string, unknown>;
  /** `file <path>`, as ConfigError sources name it. */
  source: string;
}

/**
 * @param option how the file was named (`--config` or `ACR_CONFIG_FILE`), the path of file-level errors.
 * @param readFile injectable for tests; default fs.readFileSync as UTF-8.
 */
export function readConfigFile(path: string, option: string, readFile: (path: string) => string = readUtf8): ConfigFileContents {
  const source = `file ${path}`;
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') throw new ConfigError(option, `file not found: ${path}`);
    throw new ConfigError(option, `cannot read ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }

  const document = parseDocument(text, { prettyErrors: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const at = syntaxError.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    // yaml's message repeats the position and quotes the source on further lines: keep the first clause.
    const reason = (syntaxError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(option, `YAML syntax error${where}: ${reason}`, source);
  }

  const values: unknown = document.toJS();
  if (values === null || values === undefined) return { values: {}, source }; // an empty file: all defaults
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError('(top level)', `${describeValue(values)} is not allowed; expected a mapping of keys such as regions:`, source);
  }
  return { values: values as Record<string, unknown>, source };
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
