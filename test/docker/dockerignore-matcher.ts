/**
 * Enough of Docker's .dockerignore semantics to check which paths reach the build context:
 * patterns apply in order and the last match wins, `!` re-includes, a pattern that matches a
 * directory matches everything under it, `*` and `?` stay within one path segment, `**` spans
 * any number of segments.
 */

export interface DockerignoreRule {
  exclude: boolean;
  matcher: RegExp;
  pattern: string;
}

/** Parses .dockerignore text: one pattern a line, `#` comments and blank lines ignored. */
export function parseDockerignore(text: string): DockerignoreRule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const pattern = normalise(exclude ? line : line.slice(1));
      return { exclude, pattern, matcher: globToRegExp(pattern) };
    });
}

/** True when the build context would not contain `relativePath` (a path from the context root). */
export function isExcludedByDockerignore(rules: DockerignoreRule[], relativePath: string): boolean {
  const segments = normalise(relativePath).split('/');
  // The path itself and each of its parent directories: excluding a directory excludes its contents.
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let excluded = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.matcher.test(candidate))) excluded = rule.exclude;
  }
  return excluded;
}

function normalise(pathOrPattern: string): string {
  return pathOrPattern.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*' && pattern[index + 1] === '*') {
      // `**/` or a trailing `**`: any number of whole segments.
      source += pattern[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += pattern[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
