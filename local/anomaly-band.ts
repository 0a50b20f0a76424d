/** How the local run approximates CloudWatch's ANOMALY_DETECTION_BAND (docs/local.md). */
export const ANOMALY_MODEL = {
  /** Preceding periods the band is learned from. */
  trainingPeriods: 12,
  /** No band (and no alarm) before this many usable periods: the warm-up. */
  minTrainingPeriods: 3,
} as const;

export interface Band {
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The expected band for the next period from the preceding values: a least-squares
 * line through them (so a daily curve's slope is not taken for a spike), widened by
 * `bandWidth` standard deviations of the residuals. For counts (`Sum`,
 * `SampleCount`) the deviation is at least the Poisson noise `sqrt(expected)`:
 * simulated traffic follows its curve so exactly that the residuals alone would
 * give a band narrower than any real traffic. Returns undefined during warm-up.
 */
export function anomalyBand(history: readonly number[], bandWidth: number, counts: boolean): Band | undefined {
  const n = history.length;
  if (n < ANOMALY_MODEL.minTrainingPeriods) return undefined;
  const meanX = (n - 1) / 2;
  const meanY = history.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  history.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const expected = meanY + slope * (n - meanX);
  let sse = 0;
  history.forEach((y, x) => {
    sse += (y - (meanY + slope * (x - meanX))) ** 2;
  });
  const residual = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const sigma = Math.max(residual, counts ? Math.sqrt(Math.max(expected, 1)) : 0);
  return { expected, lower: expected - bandWidth * sigma, upper: expected + bandWidth * sigma };
}
