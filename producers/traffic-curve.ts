/**
 * Diurnal demand of a video-streaming service: relative traffic for a UTC time,
 * 1.0 on average over a day, lowest before dawn (~04:00) and highest in the
 * evening (~20:00), when viewers watch.
 */
export function diurnalFactor(time: Date): number {
  const hour = time.getUTCHours() + time.getUTCMinutes() / 60;
  return 1 + 0.6 * Math.cos((2 * Math.PI * (hour - 20)) / 24);
}

/**
 * Splits `total` into integer shares proportional to `weights` (largest remainder),
 * so the shares add up to exactly `total`.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let missing = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    shares[i] += 1;
    missing -= 1;
  }
  return shares;
}
