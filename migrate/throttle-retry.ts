import { TooManyRequestsException } from '@aws-sdk/client-athena';
import { backoffDelay, type BackoffOptions, type Sleep } from './backoff';
import { RetriesExhaustedError } from './errors';

export interface ThrottleRetryOptions {
  /** Retries after the first call. */
  readonly maxRetries: number;
  readonly sleep: Sleep;
  /** @default 200 ms doubling to 5 s */
  readonly backoff?: BackoffOptions;
  /** Names the API in the error, e.g. `Athena` or `named-query API`. */
  readonly api: string;
}

/**
 * Runs `call`, retrying Athena's TooManyRequestsException with capped exponential
 * backoff at most `maxRetries` times. Throttled requests were not executed, so a
 * retry is safe; every other error is thrown at once.
 */
export async function withThrottleRetries<T>(call: () => Promise<T>, options: ThrottleRetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TooManyRequestsException)) throw error;
      if (attempt >= options.maxRetries) throw new RetriesExhaustedError(`${options.api} throttled ${options.maxRetries + 1} calls in a row`, { cause: error });
      await options.sleep(backoffDelay(attempt, options.backoff));
    }
  }
}
