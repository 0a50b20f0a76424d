/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS
 * Architecture Blog): a uniform delay in [0, min(cap, base * 2^attempt)), `attempt`
 * counted from 0. Spreads the retries of many clients throttled at the same moment.
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
