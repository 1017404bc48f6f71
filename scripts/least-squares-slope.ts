/**
 * The slope of the least-squares line through (x, y) points: how fast y grows per unit of x.
 * The soak script reports memory, series and fd growth per minute with it; a slope of a few
 * samples' noise is not a leak, a steady one over many minutes is.
 * @returns undefined for fewer than two points or when every x is the same
 */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  for (const { x, y } of points) {
    covariance += (x - meanX) * (y - meanY);
    varianceX += (x - meanX) ** 2;
  }
  return varianceX === 0 ? undefined : covariance / varianceX;
}
