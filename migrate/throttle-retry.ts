import { TooManyRequestsException } from '@aws-sdk/client-athena';
import { withRetries, type RetryPolicy, type Sleep } from '../aws/retry';
import { RetriesExhaustedError } from './errors';
import { MIGRATE_DEFAULTS } from './migrate-defaults';

/** Bounds of migrate's delays: the first and the largest, milliseconds. */
export type BackoffBounds = Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;

export interface ThrottleRetryOptions {
  /** Retries after the first call. */
  readonly maxRetries: number;
  readonly sleep: Sleep;
  /** @default MIGRATE_DEFAULTS.backoff (200 ms doubling to 5 s) */
  readonly backoff?: BackoffBounds;
  /** Names the API in the error, e.g. `Athena` or `named-query API`. */
  readonly api: string;
}

/**
 * Runs `call`, retrying Athena's TooManyRequestsException through the one retry
 * module (aws/retry.ts: capped exponential backoff with full jitter) at most
 * `maxRetries` times. Throttled requests were not executed, so a retry is safe;
 * every other error is thrown at once.
 */
export async function withThrottleRetries<T>(call: () => Promise<T>, options: ThrottleRetryOptions): Promise<T> {
  const policy: RetryPolicy = {
    maxAttempts: options.maxRetries + 1,
    baseDelayMs: options.backoff?.baseDelayMs ?? MIGRATE_DEFAULTS.backoff.baseDelayMs,
    maxDelayMs: options.backoff?.maxDelayMs ?? MIGRATE_DEFAULTS.backoff.maxDelayMs,
    sleep: options.sleep,
  };
  try {
    return await withRetries(
      () => call(),
      policy,
      (error) => error instanceof TooManyRequestsException,
    );
  } catch (error) {
    if (error instanceof TooManyRequestsException)
      throw new RetriesExhaustedError(`${options.api} throttled ${options.maxRetries + 1} calls in a row`, { cause: error });
    throw error;
  }
}
