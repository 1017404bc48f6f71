import { describe, expect, it } from '@jest/globals';
import { helpText } from '../../src/config/help-text.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';

describe('helpText', () => {
  const text = helpText();

  it('lists every settable key with its flag, env var and default', () => {
    const missing = CONFIG_KEYS.filter((key) => key.flag !== undefined).filter(
      (key) =>
        !text.includes(`${key.flag}=`) ||
        !text.includes(`env ${key.env ?? ''},`) ||
        (key.default !== '' && !text.includes(`default ${key.default}`)) ||
        key.flagAliases.some((alias) => !text.includes(`${alias}=`)),
    );

    expect(missing.map((key) => key.path)).toEqual([]);
  });

  it('lists the per-region keys and the command-line options', () => {
    for (const word of ['  endpoint  default cr.<id>.aliyuncs.com', '  protocol  default https', '  instances', '--config=FILE', 'ACR_CONFIG_FILE', '--demo', '--check-config', '--version', '-h, --help']) {
      expect(text).toContain(word);
    }
  });

  it('documents the default port', () => {
    expect(text).toContain('--web.listen-address=HOST:PORT  default :9742');
  });

  it('keeps descriptions within 80 columns', () => {
    const descriptionLines = text.split('\n').filter((line) => line.startsWith('      ') && !line.trimStart().startsWith('env '));

    expect(descriptionLines.filter((line) => line.length > 80)).toEqual([]);
  });
});
