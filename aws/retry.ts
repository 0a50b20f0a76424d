import { RETRY_DEFAULTS } from './retry-defaults';

/**
 * The one retry module: bounded exponential backoff with full jitter ("Exponential
 * Backoff And Jitter", AWS Architecture Blog), a deadline, and the rule for which
 * errors deserve another attempt. Every retry loop of the project goes through it.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. @default RETRY_DEFAULTS.maxAttempts */
  readonly maxAttempts?: number;
  /** Cap of the first backoff, milliseconds. @default RETRY_DEFAULTS.baseDelayMs */
  readonly baseDelayMs?: number;
  /** Upper bound of any backoff, milliseconds. @default RETRY_DEFAULTS.maxDelayMs */
  readonly maxDelayMs?: number;
  /** Stop retrying when now() plus the next delay passes this epoch-ms deadline (e.g. Lambda's remaining time). @default none */
  readonly deadline?: () => number;
  /** @default setTimeout-based */
  readonly sleep?: Sleep;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Waits `ms` milliseconds; injected so that tests never sleep for real. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * min(cap, base * 2^attempt), `attempt` counted from 0: the bound of a retry's delay,
 * and by itself the spacing of polls, where nothing contends and jitter buys nothing.
 */
export function exponentialDelay(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** attempt);
}

/**
 * A uniform delay in [0, exponentialDelay(attempt, baseMs, capMs)), `attempt` counted
 * from 0: spreads the retries of many clients throttled at the same moment
 * (__tests__/aws/retry.test.ts holds the bound equal to exponentialDelay).
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** The policy's full-jitter delay before attempt `attempt + 1` (`attempt` from 0). */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return fullJitterDelay(
    attempt,
    policy.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    policy.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    policy.random,
  );
}

/**
 * Waits before attempt `attempt + 1`; false when the bound (attempts or deadline)
 * forbids another attempt, so callers stop and report what is still pending.
 */
export async function waitBeforeRetry(policy: RetryPolicy, attempt: number): Promise<boolean> {
  const maxAttempts = policy.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  if (attempt + 1 >= maxAttempts) return false;
  const delay = retryDelay(policy, attempt);
  const now = policy.now ?? Date.now;
  if (policy.deadline !== undefined && now() + delay >= policy.deadline()) return false;
  await (policy.sleep ?? realSleep)(delay);
  return true;
}

/**
 * Runs `call` until it succeeds, the error is not retryable, or the policy's bound is
 * reached; then the last error is thrown as it was. `attempt` counts from 0.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  retryable: (error: unknown) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!retryable(error) || !(await waitBeforeRetry(policy, attempt))) throw error;
    }
  }
}

/**
 * Whether an error thrown by a whole call deserves another attempt: an error that says
 * so itself (`retryable`), the SDK's retryable marker, throttling, 5xx, and calls that
 * got no answer at all (timeouts, resets); never client errors another attempt cannot fix.
 * The transient names and Node network codes are the SDK's own (`isTransientError` of
 * @smithy/core), and they win over the HTTP status: an answer cut by a reset keeps the
 * 200 it had already read, and S3's RequestTimeout comes with a 400.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const named = error as {
    name?: unknown;
    code?: unknown;
    retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown; clockSkewCorrected?: unknown };
    $retryable?: unknown;
  };
  if (typeof named.retryable === 'boolean') return named.retryable;
  if (named.name === 'AbortError' || named.name === 'DeadlineReachedError') return false;
  if (named.$retryable !== undefined) return true;
  if (TRANSIENT_NAMES.has(String(named.name)) || TRANSIENT_NETWORK_CODES.has(String(named.code))) return true;
  // The SDK has just corrected its clock from the server's answer (a 403 such as
  // RequestTimeTooSkewed): the next signature is valid, so another attempt succeeds.
  if (named.$metadata?.clockSkewCorrected === true) return true;
  const status = named.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429 || isThrottling(named.name);
  return !NON_RETRYABLE_CODES.has(String(named.name));
}

function isThrottling(name: unknown): boolean {
  return typeof name === 'string' && /Throttl|TooManyRequests|SlowDown|LimitExceeded/.test(name);
}

/** Error names the SDK treats as transient whatever the status (S3 answers RequestTimeout with HTTP 400). */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** Node socket and DNS codes the SDK treats as transient: the call got no usable answer. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Client errors another attempt cannot fix. */
const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ResourceNotFoundException',
  'InvalidArgumentException',
  'AccessDeniedException',
  'AccessDenied',
  'InvalidKMSResourceException',
  'NoSuchBucket',
  'ValidationException',
  'CredentialsProviderError',
]);
