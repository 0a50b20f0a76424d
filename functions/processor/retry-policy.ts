import { fullJitterDelay } from '../shared/full-jitter';
import { DownstreamError } from './errors';

/** Bounded exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export interface RetryPolicy {
  /** Attempts in total, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Cap of the first backoff, milliseconds. @default 50 */
  readonly baseDelayMs?: number;
  /** Upper bound of any backoff, milliseconds. @default 2000 */
  readonly maxDelayMs?: number;
  /** Stop retrying when now() passes this epoch-ms deadline (e.g. Lambda's remaining time). @default none */
  readonly deadline?: () => number;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
}

export const DEFAULT_RETRY_POLICY = {
  maxAttempts: 5,
  baseDelayMs: 50,
  maxDelayMs: 2000,
} as const;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The policy's full-jitter delay before retry `attempt + 1`. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return fullJitterDelay(attempt, policy.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs, policy.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs, policy.random);
}

/**
 * Waits before attempt `attempt + 1`; false when the bound (attempts or deadline)
 * forbids another attempt, so callers stop and report what is still pending.
 */
export async function waitBeforeRetry(policy: RetryPolicy, attempt: number): Promise<boolean> {
  const maxAttempts = policy.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  if (attempt + 1 >= maxAttempts) return false;
  const delay = backoffDelay(policy, attempt);
  const now = policy.now ?? Date.now;
  if (policy.deadline !== undefined && now() + delay >= policy.deadline()) return false;
  await (policy.sleep ?? realSleep)(delay);
  return true;
}

/** Whether an error thrown by a whole call deserves another attempt. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof DownstreamError) return error.retryable;
  if (typeof error !== 'object' || error === null) return true;
  const named = error as { name?: unknown; retryable?: unknown; $metadata?: { httpStatusCode?: unknown }; $retryable?: unknown };
  // AwsHttpError (the Lambda's signed client) decides for itself.
  if (typeof named.retryable === 'boolean') return named.retryable;
  if (named.$retryable !== undefined) return true;
  const status = named.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429 || isThrottling(named.name);
  // No HTTP status: the call never got an answer (timeout, reset, DNS): worth retrying.
  return !NON_RETRYABLE_CODES.has(String(named.name));
}

function isThrottling(name: unknown): boolean {
  return typeof name === 'string' && /Throttl|TooManyRequests|SlowDown|LimitExceeded/.test(name);
}

/** Client errors another attempt cannot fix. */
const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ResourceNotFoundException',
  'InvalidArgumentException',
  'AccessDeniedException',
  'AccessDenied',
  'InvalidKMSResourceException',
  'NoSuchBucket',
  'ValidationException',
]);
