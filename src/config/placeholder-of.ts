/** The word that stands for a key's value in --help and in messages. */
import type { ConfigKey } from './schema.js';

/** DURATION, N, scrape|interval, ...; FILE when there is no key (--config). */
export function placeholderOf(key: Pick<ConfigKey, 'kind' | 'choices'> | undefined): string {
  if (!key) return 'FILE';
  switch (key.kind) {
    case 'duration':
      return 'DURATION';
    case 'integer':
      return 'N';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'true|false';
    case 'enum':
      return (key.choices ?? []).join('|');
    case 'address':
      return 'HOST:PORT';
    case 'list':
      return 'A,B,...';
    case 'regex-list':
      return 'REGEX,...';
    case 'regions':
      return 'ID';
    case 'string':
      return 'TEXT';
  }
}
