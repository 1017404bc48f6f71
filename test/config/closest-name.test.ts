import { describe, expect, it } from '@jest/globals';
import { closestName } from '../../src/config/closest-name.js';

describe('closestName', () => {
  const known = ['cacheTtl', 'concurrency', 'interval', 'mode'];

  it('finds a near miss, ignoring case', () => {
    expect([closestName('cacheTTL', known), closestName('concurency', known), closestName('intreval', known)]).toEqual([
      'cacheTtl',
      'concurrency',
      'interval',
    ]);
  });

  it('suggests nothing for a name far from every known one', () => {
    expect([closestName('retries', known), closestName('x', known)]).toEqual([undefined, undefined]);
  });
});
