import { describe, expect, it } from '@jest/globals';
import { leastSquaresSlope } from '../../scripts/least-squares-slope.js';

describe('leastSquaresSlope', () => {
  it('is exact on a straight line and averages noise out', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })))).toBeCloseTo(2, 12);
    // y = 3x with +1/-1 noise alternating; numpy.polyfit(x, y, 1) gives the same 2.6.
    expect(leastSquaresSlope([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 7 }, { x: 3, y: 8 }])).toBeCloseTo(2.6, 12);
    expect(leastSquaresSlope([{ x: 0, y: 4 }, { x: 10, y: 4 }])).toBe(0);
  });

  it('has no slope for fewer than two points or a single x', () => {
    expect(leastSquaresSlope([])).toBeUndefined();
    expect(leastSquaresSlope([{ x: 1, y: 1 }])).toBeUndefined();
    expect(leastSquaresSlope([{ x: 1, y: 1 }, { x: 1, y: 5 }])).toBeUndefined();
  });
});
