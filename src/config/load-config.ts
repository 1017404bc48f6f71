/**
 * The configuration, from defaults < file < env < flags: read each source, merge them in one
 * place (merge-settings.ts), validate the result once with the schema, whose output (shard resolved
 * from POD_NAME included) is the configuration.
 * Pure apart from reading the file: argv and env are passed in, nothing is printed.
 */
import { ConfigError } from '../errors.js';
import { configErrorFromIssue } from './config-issue.js';
import { mergeSettings } from './merge-settings.js';
import { CONFIG_FILE_FLAG, parseFlags, type CliOptions } from './parse-flags.js';
import { readConfigFile } from './read-config-file.js';
import { readProxyEnv } from './proxy-env.js';
import { CONFIG_FILE_ENV, readEnv } from './read-env.js';
import { POD_NAME_ENV } from './resolve-shard.js';
import { buildConfigSchema, type ExporterConfig } from './schema.js';

export type { CliOptions } from './parse-flags.js';

export interface LoadConfigInput {
  /** The arguments after the program name: `process.argv.slice(2)`. */
  argv: string[];
  /** `process.env`; ACR_* variables, POD_NAME and the standard proxy variables (proxy-env.ts) are read, nothing else. */
  env: Record<string, string | undefined>;
  /** Reads the --config file; default: a regular file of at most MAX_CONFIG_FILE_BYTES (read-config-file.ts). */
  readFile?: (path: string) => string;
}

/**
 * The validated configuration and the command-line options.
 *
 * With --help or --version only the flags are parsed (an unknown flag is still an error): the
 * file and env are not read, and `config` is the defaults with no regions, because the caller
 * prints and exits and a broken config must not stand in the way of --help.
 *
 * @throws ConfigError on any problem; its message is the one line to show the user.
 */
export function loadConfig(input: LoadConfigInput): { config: ExporterConfig; cli: CliOptions } {
  const flags = parseFlags(input.argv);
  if (flags.cli.help || flags.cli.version) {
    // In demo mode the demo supplies the regions, so none need be configured.
    const defaults = buildConfigSchema({ regionsRequired: false });
    return { config: parseMerged(defaults, mergeSettings(undefined, [])), cli: flags.cli };
  }

  const env = readEnv(input.env);
  const configFile = flags.cli.configFile ?? env.configFile;
  const option = flags.cli.configFile !== undefined ? CONFIG_FILE_FLAG : CONFIG_FILE_ENV;
  const file = configFile === undefined ? undefined : readConfigFile(configFile, option, input.readFile);
  const merged = mergeSettings(file, [...env.settings, ...flags.settings]);
  const schema = buildConfigSchema({ regionsRequired: !flags.cli.demo, podName: input.env[POD_NAME_ENV], proxyEnv: readProxyEnv(input.env) });
  const cli: CliOptions = { ...flags.cli, ...(configFile === undefined ? {} : { configFile }) };
  return { config: parseMerged(schema, merged), cli };
}

/** The schema's output is the configuration: no repacking after it. */
function parseMerged(schema: ReturnType<typeof buildConfigSchema>, merged: ReturnType<typeof mergeSettings>): ExporterConfig {
  const result = schema.safeParse(merged.raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw issue ? configErrorFromIssue(issue, merged) : new ConfigError('(top level)', 'invalid configuration');
  }
  return result.data;
}
