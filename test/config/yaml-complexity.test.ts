import { describe, expect, it } from '@jest/globals';
import { MAX_YAML_NESTING, MAX_YAML_TOKENS, yamlComplexityProblem } from '../../src/config/yaml-complexity.js';

const nested = (depth: number) => Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n');

describe('yamlComplexityProblem', () => {
  it('accepts a configuration, comments and brackets inside strings', () => {
    const text = 'regions:\n  - id: cn-hangzhou\n    instances: [cri-a, cri-b]\n# [[[[[[[[[[[[[[[[[[\ndiscovery:\n  includeNames: ["^[[[[[[[[[[[[[[[[[[a"]\n';

    expect(yamlComplexityProblem(text)).toBeUndefined();
  });

  it(`accepts ${MAX_YAML_NESTING} levels and refuses one more, in block, flow and compact style`, () => {
    expect([
      yamlComplexityProblem(nested(MAX_YAML_NESTING)),
      yamlComplexityProblem(nested(MAX_YAML_NESTING + 1)),
      yamlComplexityProblem(`a: ${'['.repeat(MAX_YAML_NESTING - 1)}`),
      yamlComplexityProblem(`a: ${'{'.repeat(MAX_YAML_NESTING)}`),
      yamlComplexityProblem(`a:\n  ${'- '.repeat(MAX_YAML_NESTING)}x`),
    ]).toEqual([
      undefined,
      `more than ${MAX_YAML_NESTING} levels of nesting at line ${MAX_YAML_NESTING + 1}`,
      undefined,
      `more than ${MAX_YAML_NESTING} levels of nesting at line 1`,
      `more than ${MAX_YAML_NESTING} levels of nesting at line 2`,
    ]);
  });

  it(`refuses more than ${MAX_YAML_TOKENS} tokens`, () => {
    const items = (count: number) => `x: [${Array.from({ length: count }, () => 'a').join(',')}]`;

    // "x: [" is 5 tokens and each item 3 ("a" is a marker and its text, then a comma); "]" closes.
    expect([yamlComplexityProblem(items(Math.floor((MAX_YAML_TOKENS - 6) / 3))), yamlComplexityProblem(items(MAX_YAML_TOKENS))]).toEqual([
      undefined,
      `more than ${MAX_YAML_TOKENS} YAML tokens at line 1`,
    ]);
  });
});
