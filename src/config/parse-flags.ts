/**
 * Settings and options from the command line, Prometheus style: `--collection.cache-ttl=30s` or
 * `--collection.cache-ttl 30s`; boolean options take no value (or `=true` / `=false`).
 * A flag given twice: the last wins, except list flags (`--region a --region b`), which add up.
 */
import { ConfigError } from '../errors.js';
import { didYouMean } from './closest-name.js';
import { describeName, quoteText } from './describe-value.js';
import type { Setting } from './merge-settings.js';
import { parseSettingText } from './parse-setting-text.js';
import { placeholderOf } from './placeholder-of.js';
import { CONFIG_KEYS, type ConfigKey } from './schema.js';

/** What the command line asks for besides configuration keys. */
export interface CliOptions {
  /** --config FILE (or env ACR_CONFIG_FILE): the YAML file; none means defaults, env and flags only. */
  configFile?: string;
  /** --demo: run against the in-process simulator; regions may then be empty (the demo supplies them). */
  demo: boolean;
  /** --check-config: validate, print the merged configuration, exit. */
  checkConfig: boolean;
  /** --version: print the version, exit. */
  version: boolean;
  /** --help / -h: print the usage, exit. */
  help: boolean;
}

export const CONFIG_FILE_FLAG = '--config';

type BooleanOption = 'demo' | 'checkConfig' | 'version' | 'help';
const BOOLEAN_FLAGS: Readonly<Record<string, BooleanOption>> = {
  '--demo': 'demo',
  '--check-config': 'checkConfig',
  '--version': 'version',
  '--help': 'help',
  '-h': 'help',
};

const LIST_KINDS: ReadonlySet<ConfigKey['kind']> = new Set(['list', 'regex-list', 'regions']);

const KEYS_BY_FLAG = new Map<string, ConfigKey>();
for (const key of CONFIG_KEYS) {
  for (const flag of [key.flag, ...key.flagAliases]) if (flag !== undefined) KEYS_BY_FLAG.set(flag, key);
}
const KNOWN_FLAGS = [...KEYS_BY_FLAG.keys(), ...Object.keys(BOOLEAN_FLAGS), CONFIG_FILE_FLAG];

export interface FlagSettings {
  cli: CliOptions;
  settings: Setting[];
}

/** @param argv the arguments after the program name: `process.argv.slice(2)`. */
export function parseFlags(argv: readonly string[]): FlagSettings {
  const cli: CliOptions = { demo: false, checkConfig: false, version: false, help: false };
  const byPath = new Map<string, Setting>();
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    if (!token.startsWith('-')) throw new ConfigError(quoteText(token), 'unexpected argument; expected flags such as --config FILE (see --help)');
    const equals = token.indexOf('=');
    const name = equals === -1 ? token : token.slice(0, equals);
    const inlineValue = equals === -1 ? undefined : token.slice(equals + 1);

    const option = BOOLEAN_FLAGS[name];
    if (option) {
      cli[option] = parseBoolean(name, inlineValue);
      continue;
    }
    const key = KEYS_BY_FLAG.get(name);
    if (!key && name !== CONFIG_FILE_FLAG) {
      throw new ConfigError(describeName(name), `unknown flag${didYouMean(name, KNOWN_FLAGS)}; see --help for the flags`);
    }

    let text = inlineValue;
    if (text === undefined) {
      const next = argv[index + 1];
      // "--shard -1" is a (bad) value; "--config --demo" is a missing value.
      if (next === undefined || next.startsWith('--') || next === '-h') {
        throw new ConfigError(name, `missing value; expected ${name}=${placeholderOf(key)}`);
      }
      text = next;
      index += 1;
    }
    if (!key) {
      if (text === '') throw new ConfigError(name, `missing value; expected ${name}=FILE`);
      cli.configFile = text;
      continue;
    }
    const value = parseSettingText(key, text);
    const previous = byPath.get(key.path);
    // parseSettingText returns an array for every list kind, so both values are arrays here.
    const combined = previous && LIST_KINDS.has(key.kind) ? [...(previous.value as unknown[]), ...(value as unknown[])] : value;
    byPath.set(key.path, { path: key.path, value: combined, source: `flag ${name}` });
  }
  return { cli, settings: [...byPath.values()] };
}

function parseBoolean(name: string, text: string | undefined): boolean {
  if (text === undefined || text === 'true') return true;
  if (text === 'false') return false;
  throw new ConfigError(name, `${quoteText(text)} is not allowed; expected ${name}, ${name}=true or ${name}=false`);
}
