/**
 * Defaults of the retry policy (`aws/retry.ts`): bounded on purpose, because every
 * caller has to report what is still pending after the last attempt. The bound of one
 * run with them: 50 + 100 + 200 + 400 ms of backoff at most across the 5 attempts.
 */
export const RETRY_DEFAULTS = {
  /** Attempts in total, the first included. */
  maxAttempts: 5,
  /** Cap of the first backoff, milliseconds (doubled each attempt, full jitter). */
  baseDelayMs: 50,
  /** Upper bound of any backoff, milliseconds: a longer wait eats the Lambda invocation's time. */
  maxDelayMs: 2000,
} as const;
