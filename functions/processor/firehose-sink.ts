import { DownstreamError } from './errors';
import type { DeliveryReport, FirehoseApi, OutboundRecord, PutRecordBatchEntryResult, RecordSink } from './ports';
import { isRetryable, waitBeforeRetry, type RetryPolicy } from '../../aws/retry';

/** PutRecordBatch limits (Firehose quotas page). */
export const FIREHOSE_LIMITS = {
  maxRecordsPerCall: 500,
  maxBytesPerCall: 4 * 1024 * 1024,
  maxBytesPerRecord: 1000 * 1024,
} as const;

export interface FirehoseSinkProps {
  readonly api: FirehoseApi;
  readonly deliveryStreamName: string;
  /** @default RETRY_DEFAULTS (aws/retry-defaults.ts) */
  readonly retry?: RetryPolicy;
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Told about each failed attempt, for logging. @default none */
  readonly onFailure?: (event: FirehoseFailureEvent) => void;
  /**
   * A signal per call that aborts it when the invocation's time is up (see
   * `deadlineSignal`): the retry deadline only decides whether to start another
   * attempt, this bounds the attempt itself. @default none (the client's own timeouts)
   */
  readonly attemptSignal?: () => AbortSignal | undefined;
}

export interface FirehoseFailureEvent {
  readonly deliveryStreamName: string;
  readonly attempt: number;
  /** Entries that failed in this attempt. */
  readonly failed: number;
  /** First error code seen. */
  readonly errorCode: string;
  readonly willRetry: boolean;
}

/** Splits indices into PutRecordBatch calls within the count and byte limits, keeping order. */
export function planCalls(indices: readonly number[], records: readonly OutboundRecord[]): number[][] {
  const calls: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indices) {
    const size = records[index]?.bytes ?? 0;
    if (current.length === FIREHOSE_LIMITS.maxRecordsPerCall || (current.length > 0 && bytes + size > FIREHOSE_LIMITS.maxBytesPerCall)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

/**
 * Delivers records with PutRecordBatch: only failed entries (per-entry ErrorCode)
 * and failed calls (retryable errors) are sent again, with bounded full-jitter
 * backoff. Whatever is still pending at the bound is reported undelivered, never thrown.
 */
export class FirehoseSink implements RecordSink {
  private readonly concurrency: number;

  public constructor(private readonly props: FirehoseSinkProps) {
    this.concurrency = props.concurrency ?? 4;
  }

  public async deliver(records: readonly OutboundRecord[]): Promise<DeliveryReport> {
    const givenUp: number[] = [];
    let pending: number[] = [];
    records.forEach((r, i) => (r.bytes > FIREHOSE_LIMITS.maxBytesPerRecord ? givenUp.push(i) : pending.push(i)));
    const policy = this.props.retry ?? {};
    for (let attempt = 0; pending.length > 0; attempt++) {
      const outcome = await this.attempt(pending, records);
      givenUp.push(...outcome.fatal);
      pending = outcome.retry;
      if (pending.length === 0 && outcome.fatal.length === 0) break;
      const failed = outcome.retry.length + outcome.fatal.length;
      const willRetry = pending.length > 0 && (await waitBeforeRetry(policy, attempt));
      this.props.onFailure?.({
        deliveryStreamName: this.props.deliveryStreamName,
        attempt,
        failed,
        errorCode: outcome.errorCode,
        willRetry,
      });
      if (!willRetry) break;
    }
    return { undelivered: [...givenUp, ...pending].sort((a, b) => a - b) };
  }

  /** One round: every pending index sent once. */
  private async attempt(
    pending: readonly number[],
    records: readonly OutboundRecord[],
  ): Promise<{ retry: number[]; fatal: number[]; errorCode: string }> {
    const calls = planCalls(pending, records);
    const retry: number[] = [];
    const fatal: number[] = [];
    let errorCode = '';
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < calls.length) {
        const call = calls[next++] ?? [];
        try {
          const data = call.map((i) => records[i] as OutboundRecord);
          const response = await this.props.api.putRecordBatch(this.props.deliveryStreamName, data, this.props.attemptSignal?.());
          if (response.RequestResponses.length !== call.length) {
            // A malformed answer proves nothing about any entry: resend them all.
            errorCode ||= 'MalformedResponse';
            retry.push(...call);
            continue;
          }
          // Every entry is checked, whatever FailedPutCount says: an entry is delivered
          // only when it has a RecordId and no ErrorCode.
          response.RequestResponses.forEach((entry, k) => {
            const failure = entryFailure(entry);
            if (failure !== null) {
              errorCode ||= failure;
              retry.push(call[k] as number);
            }
          });
        } catch (error) {
          errorCode ||= errorName(error);
          (isRetryable(error) ? retry : fatal).push(...call);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, calls.length) }, worker));
    retry.sort((a, b) => a - b);
    return { retry, fatal, errorCode };
  }
}

/** Why a PutRecordBatch entry is not delivered, or null when it is (a RecordId and no ErrorCode). */
export function entryFailure(entry: PutRecordBatchEntryResult): string | null {
  if (typeof entry.ErrorCode === 'string' && entry.ErrorCode !== '') return entry.ErrorCode;
  if (typeof entry.RecordId !== 'string' || entry.RecordId === '') return 'MissingRecordId';
  return null;
}

function errorName(error: unknown): string {
  if (error instanceof DownstreamError) return error.code;
  if (error instanceof Error) return error.name;
  return 'UnknownError';
}
