/**
 * Settings from environment variables: ACR_ + the key path in UPPER_SNAKE
 * (ACR_COLLECTION_CACHE_TTL), ACR_REGIONS for region ids, ACR_CONFIG_FILE for --config.
 * Any other ACR_ variable is a mistake and an error. Credentials (ALIBABA_CLOUD_*) are
 * never read here: @alicloud/credentials reads them itself.
 */
import { ConfigError } from '../errors.js';
import { didYouMean } from './closest-name.js';
import { describeName } from './describe-value.js';
import { ENV_PREFIX } from './key-names.js';
import type { Setting } from './merge-settings.js';
import { parseSettingText } from './parse-setting-text.js';
import { CONFIG_KEYS, type ConfigKey } from './schema.js';

/** The alternative to --config. */
export const CONFIG_FILE_ENV = 'ACR_CONFIG_FILE';

/**
 * Kubernetes injects <SERVICE>_SERVICE_HOST, <SERVICE>_PORT_9742_TCP_ADDR, ... for every Service
 * of the namespace (service links); a Service named acr-subscription-exporter yields ACR_...
 * names. They are not ours, so they are ignored rather than rejected.
 */
const KUBERNETES_SERVICE_LINK = /^ACR(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

const KEYS_BY_ENV = new Map(CONFIG_KEYS.flatMap((key): [string, ConfigKey][] => (key.env ? [[key.env, key]] : [])));

export interface EnvSettings {
  /** The file named by ACR_CONFIG_FILE. */
  configFile: string | undefined;
  settings: Setting[];
}

/** An empty variable counts as unset (templating tools often render empty values). */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvSettings {
  let configFile: string | undefined;
  const settings: Setting[] = [];
  for (const name of Object.keys(env).sort()) {
    const text = env[name];
    if (!name.startsWith(ENV_PREFIX) || text === undefined || text === '') continue;
    if (name === CONFIG_FILE_ENV) {
      configFile = text;
      continue;
    }
    const key = KEYS_BY_ENV.get(name);
    if (key) {
      settings.push({ path: key.path, value: parseSettingText(key, text), source: `env ${name}` });
    } else if (!KUBERNETES_SERVICE_LINK.test(name)) {
      // The value is not echoed: an unknown variable may well hold a secret.
      const hint = didYouMean(name, [...KEYS_BY_ENV.keys(), CONFIG_FILE_ENV]);
      throw new ConfigError(describeName(name), `unknown environment variable${hint}; see --help for the ACR_* variables`);
    }
  }
  return { configFile, settings };
}
