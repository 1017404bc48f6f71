/**
 * A linear pre-scan of YAML text with the yaml package's lexer, before the text is parsed. The
 * parser's cost grows steeply on hostile input (a megabyte of "{" or "! " takes it minutes and
 * gigabytes; deep nesting overflows its stack and ours), while a real configuration has a few
 * hundred tokens and four levels. So the text is refused beyond MAX_YAML_TOKENS tokens or
 * MAX_YAML_NESTING levels, which keeps the parse of any accepted text well under a second.
 */
import { Lexer } from 'yaml';

/**
 * About 5,000 instance ids in a block list (6 tokens each); a configuration with a few dozen
 * instances has a few hundred. The parser takes up to 25 µs per token on nested flow collections
 * (measured on a busy 2-core machine), so this bounds any accepted text to well under a second.
 */
export const MAX_YAML_TOKENS = 30_000;
/** Levels of nested lists and mappings; a configuration uses four (regions[0].instances[0]). */
export const MAX_YAML_NESTING = 16;

/** The lexer's marker before a scalar's text (yaml's CST.SCALAR). */
const SCALAR_MARKER = '\u001f';

/** What is wrong with `text`, e.g. "more than 32 levels of nesting at line 3", or undefined. */
export function yamlComplexityProblem(text: string): string | undefined {
  let tokens = 0;
  let line = 1;
  let flowDepth = 0; // open [ and {
  let compactDepth = 0; // "- - x" or "? ? x": block collections opened on the current line
  let indent = 0;
  let atLineStart = true;
  let scalarText = false;
  const blockIndents: number[] = []; // indentation of the enclosing block lines, ascending
  for (const token of new Lexer().lex(text)) {
    tokens += 1;
    if (tokens > MAX_YAML_TOKENS) return `more than ${MAX_YAML_TOKENS} YAML tokens at line ${line}`;
    const isScalarText = scalarText;
    scalarText = token === SCALAR_MARKER;
    line += countNewlines(token);
    if (token === '\n') {
      atLineStart = true;
      indent = 0;
      compactDepth = 0;
      continue;
    }
    if (scalarText || token.startsWith('#')) continue;
    if (atLineStart && !isScalarText && /^ +$/.test(token)) {
      indent = token.length;
      continue;
    }
    if (atLineStart && flowDepth === 0) {
      while ((blockIndents.at(-1) ?? -1) >= indent) blockIndents.pop();
      blockIndents.push(indent);
    }
    atLineStart = false;
    if (isScalarText) continue;
    if (token === '[' || token === '{') flowDepth += 1;
    else if ((token === ']' || token === '}') && flowDepth > 0) flowDepth -= 1;
    else if ((token === '-' || token === '?') && flowDepth === 0) compactDepth += 1;
    if (blockIndents.length + compactDepth + flowDepth > MAX_YAML_NESTING) {
      return `more than ${MAX_YAML_NESTING} levels of nesting at line ${line}`;
    }
  }
  return undefined;
}

function countNewlines(token: string): number {
  if (token === '\n') return 1;
  let count = 0;
  for (let index = token.indexOf('\n'); index !== -1; index = token.indexOf('\n', index + 1)) count += 1;
  return count;
}
