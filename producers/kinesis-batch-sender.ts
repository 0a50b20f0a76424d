import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { InvalidPartitionKeyError, InvalidProducerOptionError, RecordTooLargeError, SenderClosedError } from './errors';
import { KINESIS_LIMITS } from './kinesis-limits';
import { fullJitterDelay } from '../aws/retry';

/** A record ready to put: its id names it in errors and in the failed list. */
export interface OutgoingRecord {
  readonly id: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface FailedRecord {
  readonly id: string;
  readonly partitionKey: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
}

/**
 * Honest counters: after `close`, `added = sent + failed`. `retried` counts
 * re-sends (one record retried twice counts 2); `requests` counts PutRecords calls.
 */
export interface SendTotals {
  readonly added: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  readonly requests: number;
  readonly failedRecords: readonly FailedRecord[];
}

/** Why the sender takes the stream as unavailable: a whole batch gave up with nothing written. */
export interface StreamUnavailable {
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Attempts the batch made before giving up. */
  readonly attempts: number;
}

export interface KinesisBatchSenderProps {
  /** Create it with `maxAttempts: 1`, or the SDK's own retries multiply with these. */
  readonly client: KinesisClient;
  readonly streamName: string;
  /**
   * Attempts per record, the first included; then it is reported as failed.
   * @default 8
   */
  readonly maxAttempts?: number;
  /** @default 100 */
  readonly baseDelayMs?: number;
  /**
   * Cap of one backoff delay. With the defaults one batch waits at most
   * 100+200+...+3200+5000 = 11.3 s before giving up.
   * @default 5000
   */
  readonly maxDelayMs?: number;
  /** @default 500 (the PutRecords limit; lower only to test batching) */
  readonly maxRecordsPerRequest?: number;
  /**
   * At most one record per partition key in a request, so retries keep each key's
   * order. For keyed sources (turbines); with a key per record it changes nothing.
   * @default false
   */
  readonly orderedKeys?: boolean;
  /**
   * Once a batch gave up with nothing written, report the records buffered behind
   * it as failed without a request each (a producer that stops on an unavailable
   * stream sets it; with a silent endpoint every such request would cost a timeout).
   * @default false (each later batch gets one attempt)
   */
  readonly failFastWhenUnavailable?: boolean;
  /** Injected for tests: the jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Injected for tests. @default node:timers/promises setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Per-entry codes Kinesis documents as transient. Anything else (e.g. KMS access denied) will not heal by retrying. */
const RETRYABLE_ENTRY_CODES = new Set(['ProvisionedThroughputExceededException', 'InternalFailure', 'KMSThrottlingException']);
const RETRYABLE_CALL_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ThrottlingException',
  'KMSThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
]);

interface Pending {
  readonly record: OutgoingRecord;
  readonly size: number;
  attempts: number;
  lastCode: string;
  lastMessage: string;
}

function describeCallError(error: unknown): { code: string; message: string; retryable: boolean } {
  // Duck-typed, not instanceof: network errors from Node internals can come from another realm.
  if (typeof error !== 'object' || error === null) return { code: 'UnknownError', message: String(error), retryable: false };
  const e = error as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const message = typeof e.message === 'string' ? e.message : String(error);
  // The SDK's retry middleware flattens a foreign-realm error into its message, so look there too.
  const socketCode = /\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE)\b/.exec(message)?.[1];
  const name =
    typeof e.code === 'string' && RETRYABLE_CALL_ERRORS.has(e.code)
      ? e.code
      : (socketCode ?? (typeof e.name === 'string' ? e.name : 'UnknownError'));
  const status = e.$metadata?.httpStatusCode;
  return {
    code: name,
    message,
    retryable: RETRYABLE_CALL_ERRORS.has(name) || (typeof status === 'number' && status >= 500),
  };
}

/**
 * Buffers records and puts them with PutRecords: at most 500 records and 5 MiB
 * per call. Only the entries that failed are retried, with exponential backoff
 * and full jitter, up to `maxAttempts`; what still fails is reported, never dropped
 * silently.
 *
 * Order per partition key: batches go out one at a time, so a retry never
 * overtakes a later batch. With `orderedKeys`, a request carries at most one
 * record per key, so a retried record can never land behind a later record of
 * its key either: strict order, no duplicates. Without it, a retried entry can
 * land after later entries of its key from the same request.
 *
 * Bound: one batch gives up after `maxAttempts`. When a batch gives up without a
 * single entry written, the stream is taken as unavailable and later batches get
 * one attempt each, without backoff, until an entry gets through; so a dead
 * stream costs one batch's backoff, not one per batch.
 */
export class KinesisBatchSender {
  private readonly client: KinesisClient;
  private readonly streamName: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRecordsPerRequest: number;
  private readonly orderedKeys: boolean;
  private readonly failFastWhenUnavailable: boolean;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  private buffer: Pending[] = [];
  private bufferBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private added = 0;
  private sent = 0;
  private retried = 0;
  private requests = 0;
  /** Set when a whole batch gave up with nothing written; cleared by the next entry written. */
  private streamUnavailable = false;
  private lastUnavailable: StreamUnavailable | undefined;
  private readonly failedRecords: FailedRecord[] = [];

  constructor(props: KinesisBatchSenderProps) {
    this.client = props.client;
    this.streamName = props.streamName;
    this.maxAttempts = props.maxAttempts ?? 8;
    this.baseDelayMs = props.baseDelayMs ?? 100;
    this.maxDelayMs = props.maxDelayMs ?? 5000;
    this.maxRecordsPerRequest = props.maxRecordsPerRequest ?? KINESIS_LIMITS.maxRecordsPerRequest;
    this.orderedKeys = props.orderedKeys ?? false;
    this.failFastWhenUnavailable = props.failFastWhenUnavailable ?? false;
    this.random = props.random ?? Math.random;
    this.sleep = props.sleep ?? ((ms) => sleepMs(ms).then(() => undefined));
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new InvalidProducerOptionError('maxAttempts', `got ${this.maxAttempts}; expected an integer >= 1`);
    }
    if (
      !Number.isInteger(this.maxRecordsPerRequest) ||
      this.maxRecordsPerRequest < 1 ||
      this.maxRecordsPerRequest > KINESIS_LIMITS.maxRecordsPerRequest
    ) {
      throw new InvalidProducerOptionError(
        'maxRecordsPerRequest',
        `got ${this.maxRecordsPerRequest}; expected 1 to ${KINESIS_LIMITS.maxRecordsPerRequest}`,
      );
    }
    if (this.baseDelayMs < 0 || this.maxDelayMs < this.baseDelayMs) {
      throw new InvalidProducerOptionError(
        'maxDelayMs',
        `got base ${this.baseDelayMs} ms and cap ${this.maxDelayMs} ms; expected 0 <= base <= cap`,
      );
    }
  }

  /** Records in the buffer, not yet handed to a request. */
  get buffered(): number {
    return this.buffer.length;
  }

  /**
   * Set while the stream is taken as unavailable (the last batch gave up without a
   * single entry written), with the last error; callers stop generating then
   * instead of sending batch after batch into a dead endpoint.
   */
  get unavailable(): StreamUnavailable | undefined {
    return this.streamUnavailable ? this.lastUnavailable : undefined;
  }

  get totals(): SendTotals {
    return {
      added: this.added,
      sent: this.sent,
      retried: this.retried,
      failed: this.failedRecords.length,
      requests: this.requests,
      failedRecords: [...this.failedRecords],
    };
  }

  /**
   * Buffers a record; when a full request is buffered, waits for it to be sent
   * (backpressure). Throws `RecordTooLargeError` / `InvalidPartitionKeyError`
   * for a record Kinesis would reject, before anything is sent.
   */
  async add(record: OutgoingRecord): Promise<void> {
    if (this.closed) throw new SenderClosedError();
    if (record.partitionKey.length === 0 || record.partitionKey.length > KINESIS_LIMITS.maxPartitionKeyLength) {
      throw new InvalidPartitionKeyError(record.id, record.partitionKey);
    }
    const size = record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
    if (size > KINESIS_LIMITS.maxRecordBytes) throw new RecordTooLargeError(record.id, size, KINESIS_LIMITS.maxRecordBytes);
    this.added += 1;
    this.buffer.push({ record, size, attempts: 0, lastCode: '', lastMessage: '' });
    this.bufferBytes += size;
    if (this.fullBatchBuffered()) await this.enqueue(false);
  }

  /** Sends everything buffered so far; resolves when it is sent or reported failed. */
  flush(): Promise<void> {
    return this.enqueue(true);
  }

  /** One drain at a time, in order: a later batch never overtakes an earlier one's retries. */
  private enqueue(all: boolean): Promise<void> {
    this.chain = this.chain.then(() => this.drain(all));
    return this.chain;
  }

  private fullBatchBuffered(): boolean {
    return this.buffer.length >= this.maxRecordsPerRequest || this.bufferBytes > KINESIS_LIMITS.maxBytesPerRequest;
  }

  /** Flushes and refuses further records; returns the final totals. */
  async close(): Promise<SendTotals> {
    this.closed = true;
    await this.flush();
    return this.totals;
  }

  /** Sends full batches only (all = false, on add) or everything (all = true, on flush). */
  private async drain(all: boolean): Promise<void> {
    while (this.buffer.length > 0 && (all || this.fullBatchBuffered())) {
      const batch = this.takeBatch();
      this.bufferBytes -= batch.reduce((sum, p) => sum + p.size, 0);
      if (this.failFastWhenUnavailable && this.streamUnavailable && this.lastUnavailable !== undefined) {
        const reason = this.lastUnavailable;
        for (const entry of batch)
          this.fail(entry, reason.errorCode, `not sent: the stream took no record of an earlier batch (${reason.errorMessage})`);
        continue;
      }
      await this.sendBatch(batch);
    }
  }

  /**
   * The next request's records, in buffer order, within the count and size limits.
   * With `orderedKeys` a record whose key is already in the request waits for the
   * next one, and so do the later records of that key.
   */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    let bytes = 0;
    let full = false;
    for (const entry of this.buffer) {
      full ||= batch.length >= this.maxRecordsPerRequest || bytes + entry.size > KINESIS_LIMITS.maxBytesPerRequest;
      const key = entry.record.partitionKey;
      if (full || (this.orderedKeys && keys.has(key))) {
        rest.push(entry);
        continue;
      }
      keys.add(key);
      bytes += entry.size;
      batch.push(entry);
    }
    this.buffer = rest;
    return batch;
  }

  private backoffMs(retry: number): number {
    return fullJitterDelay(retry - 1, this.baseDelayMs, this.maxDelayMs, this.random);
  }

  private fail(entry: Pending, code: string, message: string): void {
    this.failedRecords.push({
      id: entry.record.id,
      partitionKey: entry.record.partitionKey,
      errorCode: code,
      errorMessage: message,
      attempts: entry.attempts,
    });
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    const maxAttempts = this.streamUnavailable ? 1 : this.maxAttempts;
    let anyWritten = false;
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        for (const entry of pending)
          this.fail(
            entry,
            entry.lastCode,
            `${entry.lastMessage} (gave up after ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'})`,
          );
        if (!anyWritten) {
          this.streamUnavailable = true;
          const first = pending[0];
          this.lastUnavailable = {
            errorCode: first?.lastCode ?? '',
            errorMessage: first?.lastMessage ?? '',
            attempts: first?.attempts ?? 0,
          };
        }
        return;
      }
      if (attempt > 1) {
        this.retried += pending.length;
        await this.sleep(this.backoffMs(attempt - 1));
      }
      for (const entry of pending) entry.attempts += 1;
      const sentBefore = this.sent;
      pending = await this.attempt(pending);
      anyWritten ||= this.sent > sentBefore;
    }
    if (anyWritten) this.streamUnavailable = false;
    else if (batch.length > 0) {
      // Every entry failed without a retry worth making (no credentials, no such stream,
      // access denied): as unavailable as a silent endpoint, so callers stop too.
      const first = batch[0];
      this.streamUnavailable = true;
      this.lastUnavailable = { errorCode: first?.lastCode ?? '', errorMessage: first?.lastMessage ?? '', attempts: first?.attempts ?? 0 };
    }
  }

  /** One PutRecords call; returns the entries worth another attempt. */
  private async attempt(pending: Pending[]): Promise<Pending[]> {
    const entries: PutRecordsRequestEntry[] = pending.map((p) => ({ PartitionKey: p.record.partitionKey, Data: p.record.data }));
    this.requests += 1;
    let results;
    try {
      const response = await this.client.send(new PutRecordsCommand({ StreamName: this.streamName, Records: entries }));
      results = response.Records ?? [];
    } catch (error) {
      const { code, message, retryable } = describeCallError(error);
      for (const entry of pending) {
        entry.lastCode = code;
        entry.lastMessage = message;
      }
      if (retryable) return pending;
      for (const entry of pending) this.fail(entry, code, message);
      return [];
    }
    const retry: Pending[] = [];
    pending.forEach((entry, i) => {
      const result = results[i];
      if (result === undefined) {
        // A response shorter than the request says nothing about those entries: try them again.
        entry.lastCode = 'MissingResult';
        entry.lastMessage = 'PutRecords returned no result for this entry';
        retry.push(entry);
      } else if (result.ErrorCode === undefined || result.ErrorCode === null || result.ErrorCode === '') {
        this.sent += 1;
      } else {
        entry.lastCode = result.ErrorCode;
        entry.lastMessage = result.ErrorMessage ?? result.ErrorCode;
        if (RETRYABLE_ENTRY_CODES.has(result.ErrorCode)) retry.push(entry);
        else this.fail(entry, result.ErrorCode, entry.lastMessage);
      }
    });
    return retry;
  }
}
