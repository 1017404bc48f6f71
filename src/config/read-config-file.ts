/**
 * The YAML configuration file, read and parsed, not yet validated. A missing file, a file that is
 * not a regular file or is too large, a syntax error (with line and column), YAML too complex to
 * be a configuration, too many aliases, an undefined alias, or a top level that is not a mapping
 * is a ConfigError.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { describeName, describePath, describeValue, oneLineText } from './describe-value.js';
import { findDuplicateKey } from './find-duplicate-key.js';
import { readRegularFile, RefusedFileError } from './read-regular-file.js';
import { yamlComplexityProblem } from './yaml-complexity.js';

/**
 * The largest configuration file read, 1 MiB: what a Kubernetes ConfigMap (where the chart keeps
 * it) can hold. A real configuration is a few kilobytes.
 */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * Aliases resolved per file. Each alias of a collection copies it, so a few lines of nested
 * aliases ("billion laughs") expand to gigabytes; a configuration needs a handful at most.
 */
export const MAX_YAML_ALIASES = 100;

/** A syntax error's reason is cut here: it may quote the file (an alias or tag name). */
const MAX_REASON_CHARS = 100;

export interface ConfigFileContents {
  values: Record<string, unknown>;
  /** `file <path>`, as ConfigError sources name it. */
  source: string;
}

/**
 * @param option how the file was named (`--config` or `ACR_CONFIG_FILE`), the path of file-level errors.
 * @param readFile injectable for tests; default: readRegularFile with MAX_CONFIG_FILE_BYTES.
 */
export function readConfigFile(path: string, option: string, readFile: (path: string) => string = readConfigText): ConfigFileContents {
  const shownPath = describePath(path);
  const source = `file ${shownPath}`;
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    if (error instanceof RefusedFileError) throw new ConfigError(option, `${shownPath} is ${error.reason}`);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') throw new ConfigError(option, `file not found: ${shownPath}`);
    throw new ConfigError(option, `cannot read ${shownPath}: ${code ?? oneLineText(error instanceof Error ? error.message : String(error), MAX_REASON_CHARS)}`);
  }

  const tooComplex = yamlComplexityProblem(text);
  if (tooComplex) throw new ConfigError(option, `YAML too complex for a configuration: ${tooComplex}`, source);

  const lineCounter = new LineCounter();
  // uniqueKeys is checked by findDuplicateKey in linear time; prettyErrors would format every error, not just the first;
  // logLevel 'error' keeps yaml from writing warnings (a mapping used as a key) to stderr.
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter, logLevel: 'error' });
  const syntaxError = document.errors[0];
  if (syntaxError) throw syntaxErrorAt(option, source, lineCounter, syntaxError.pos[0], syntaxError.message);
  const duplicate = findDuplicateKey(document);
  if (duplicate !== undefined) throw syntaxErrorAt(option, source, lineCounter, duplicate, 'Map keys must be unique');

  const values = toJS(document, option, source);
  if (values === null || values === undefined) return { values: {}, source }; // an empty file: all defaults
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError('(top level)', `${describeValue(values)} is not allowed; expected a mapping of keys such as regions:`, source);
  }
  return { values: values as Record<string, unknown>, source };
}

function readConfigText(path: string): string {
  return readRegularFile(path, MAX_CONFIG_FILE_BYTES);
}

function syntaxErrorAt(option: string, source: string, lineCounter: LineCounter, offset: number, message: string): ConfigError {
  const { line, col } = lineCounter.linePos(offset);
  return new ConfigError(option, `YAML syntax error at line ${line}, column ${col}: ${oneLineText(message, MAX_REASON_CHARS)}`, source);
}

/** The document as plain values; yaml throws a ReferenceError for an undefined alias or too many aliases. */
function toJS(document: Document, option: string, source: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const undefinedAlias = /^Unresolved alias[^:]*: (.*)$/s.exec(error.message)?.[1];
    const reason =
      undefinedAlias !== undefined
        ? `alias *${describeName(undefinedAlias)} is not defined; expected an anchor &${describeName(undefinedAlias)} before it`
        : `aliases (*name) expand beyond ${MAX_YAML_ALIASES} copies; expected a plain configuration`;
    throw new ConfigError(option, `YAML error: ${reason}`, source);
  }
}
