/**
 * The --help text, generated from CONFIG_KEYS so that every key's flag, env var and default
 * shown is the one actually accepted.
 */
import { DEFAULT_PORT, CONFIG_KEYS, type ConfigKey } from './schema.js';
import { CONFIG_FILE_ENV } from './read-env.js';
import { placeholderOf } from './placeholder-of.js';

/** Descriptions are wrapped to this width, so the text reads in an 80-column terminal. */
const WIDTH = 80;
const INDENT = '      ';

const PROGRAM = 'acr-subscription-exporter';

const INTRO = `Usage: ${PROGRAM} [flags]
       ${PROGRAM} doctor [flags]
         checks credentials, endpoints, clock and RAM permissions with this
         configuration, one line per check, then exits (see doctor --help)

Prometheus exporter for Alibaba Cloud Container Registry Enterprise Edition artifact
subscription tasks. Metrics on http://HOST:${DEFAULT_PORT}/metrics by default.

Each setting comes from, in increasing precedence: its default, the YAML file (--config),
its ACR_* environment variable, its flag. Flags take --name=value or --name value.
Durations: 250ms, 30s, 5m, 1h30m, 1d. Lists: comma-separated; list flags may be repeated.
An empty environment variable counts as unset.
Credentials are never part of the configuration: they come from the Alibaba Cloud
credentials chain (ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET, ACK RRSA, a credentials file
or an ECS RAM role).`;

const OPTIONS: readonly { flag: string; env?: string; description: string }[] = [
  { flag: '--config=FILE', env: CONFIG_FILE_ENV, description: 'YAML configuration file (keys as below, e.g. collection.cacheTtl).' },
  { flag: '--demo', description: 'Run against a built-in simulator with generated data: no account, no network. Regions are optional.' },
  { flag: '--check-config', description: 'Validate the configuration, print it as YAML and exit (0 valid, 2 not).' },
  { flag: '--version', description: 'Print the version and exit.' },
  { flag: '-h, --help', description: 'Print this text and exit.' },
];

export function helpText(): string {
  const settable = CONFIG_KEYS.filter((key) => key.flag !== undefined);
  const perRegion = CONFIG_KEYS.filter((key) => key.flag === undefined);
  return [
    INTRO,
    '',
    'Options:',
    ...OPTIONS.flatMap((option) => entry(option.flag, option.description, option.env ? `env ${option.env}` : undefined)),
    '',
    'Configuration:',
    ...settable.flatMap((key) => entry(flagsOf(key) + defaultOf(key), key.description, `env ${key.env ?? ''}, file key ${key.path}`)),
    '',
    'Per region, in the file only (each entry of regions:):',
    ...perRegion.flatMap((key) => entry(key.path.replace('regions[].', '') + defaultOf(key), key.description, undefined)),
    '',
  ].join('\n');
}

function flagsOf(key: ConfigKey): string {
  const placeholder = placeholderOf(key);
  const names = [...key.flagAliases, key.flag ?? ''].map((name) => `${name}=${placeholder}`).join(', ');
  return key.kind === 'regions' ? `${names} (repeatable)` : names;
}

function defaultOf(key: ConfigKey): string {
  return key.default === '' ? '' : `  default ${key.default}`;
}

/** The title line, the wrapped description, then the details on one line (names are not broken). */
function entry(title: string, description: string, details: string | undefined): string[] {
  return [`  ${title}`, ...wrap(description), ...(details ? [INDENT + details] : [])];
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && INDENT.length + line.length + 1 + word.length > WIDTH) {
      lines.push(INDENT + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(INDENT + line);
  return lines;
}
