import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { deadlineSignal } from '../../aws/deadline';
import { awsErrorSummary } from '../../aws/error-summary';
import type { RetryPolicy } from '../../aws/retry';
import { compileDataset } from './compile-dataset';
import type { ProcessorConfig } from './config';
import { BatchFailedError } from './errors';
import { FirehoseSink, type FirehoseFailureEvent } from './firehose-sink';
import { readKinesisRecord } from './kinesis-envelope';
import type { Clock, FirehoseApi, MetricsEmitter, ObjectStoreApi } from './ports';
import { processRecords } from './process-records';
import { PROCESSOR_DEFAULTS } from './processor-defaults';
import { S3QuarantineSink } from './quarantine-sink';

/** What the handler logs through; Powertools Logger satisfies it. */
export interface HandlerLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface HandlerRuntime {
  readonly config: ProcessorConfig;
  readonly firehose: FirehoseApi;
  readonly objectStore: ObjectStoreApi;
  readonly metrics: MetricsEmitter;
  readonly logger: HandlerLogger;
  /** @default Date.now */
  readonly clock?: Clock;
  /** Backoff settings (sleep/random injectable for tests). @default RETRY_DEFAULTS (aws/retry-defaults.ts) */
  readonly retry?: Omit<RetryPolicy, 'deadline'>;
  /**
   * Attempts are cut, and retries stop, this long before Lambda's timeout (at most
   * `PROCESSOR_DEFAULTS.deadlineMarginMaxShare` of the remaining time). @default PROCESSOR_DEFAULTS.deadlineMarginMs
   */
  readonly deadlineMarginMs?: number;
}

/** Lambda's context, reduced to what the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export type KinesisHandler = (event: KinesisStreamEvent, context?: InvocationContext) => Promise<KinesisStreamBatchResponse>;

/**
 * Builds the Kinesis handler: the dataset is compiled (`compileDataset`) and the sinks
 * are created once here, per container, so a declaration the compilers refuse fails
 * the init instead of a batch. The invocation deadline (Lambda's remaining time minus
 * a margin) is refreshed per invocation and bounds both the retries and each attempt
 * (an abort signal per call). The answer is a partial batch response naming the first record not safely
 * delivered; a batch whose undelivered records include one that has no usable
 * sequence number fails as a whole, on purpose (BatchFailedError).
 */
export function createHandler(runtime: HandlerRuntime): KinesisHandler {
  const { config, logger, metrics } = runtime;
  const compiled = compileDataset(config.dataset, { maxFutureSkewSeconds: config.maxFutureSkewSeconds });
  const clock: Clock = runtime.clock ?? { now: Date.now };
  let deadline = Number.POSITIVE_INFINITY;
  const retry: RetryPolicy = { ...runtime.retry, now: () => clock.now(), deadline: () => deadline };
  // A fresh signal per attempt: one timer each, and no listeners piling up on a shared signal.
  const attemptSignal = (): AbortSignal | undefined =>
    Number.isFinite(deadline) ? deadlineSignal(deadline, 0, () => clock.now()) : undefined;
  const onFailure = (event: FirehoseFailureEvent): void => logger.warn('Firehose delivery attempt failed', { ...event });
  const firehoseSink = (deliveryStreamName: string): FirehoseSink =>
    new FirehoseSink({ api: runtime.firehose, deliveryStreamName, retry, onFailure, attemptSignal });
  const processedSink = firehoseSink(config.processedDeliveryStream);
  const searchSink = config.searchDeliveryStream === undefined ? undefined : firehoseSink(config.searchDeliveryStream);
  const quarantineSink = new S3QuarantineSink({
    api: runtime.objectStore,
    bucket: config.quarantineBucket,
    dataset: config.dataset,
    retry,
    attemptSignal,
    onFailure: ({ key, attempt, error, willRetry }) =>
      logger.warn('Quarantine write failed', { key, attempt, willRetry, error: awsErrorSummary(error) }),
  });

  return async (event, context) => {
    try {
      const given: unknown = (event as { Records?: unknown }).Records;
      if (given !== undefined && !Array.isArray(given))
        throw new BatchFailedError(`event: field 'Records' is ${typeof given}, expected an array`);
      const records = (given ?? []).map(readKinesisRecord);
      if (records.length === 0) return { batchItemFailures: [] };
      deadline =
        context === undefined
          ? Number.POSITIVE_INFINITY
          : invocationDeadline(clock.now(), context.getRemainingTimeInMillis(), runtime.deadlineMarginMs);
      const result = await processRecords(records, {
        compiled,
        processedSink,
        searchSink,
        quarantineSink,
        metrics,
        clock,
      });
      if (result.invalid > 0) logger.info('Records quarantined', { count: result.invalid, first: result.quarantined[0]?.reason });
      if (result.undeliveredWithoutSequenceNumber > 0) {
        const message = `Failing the whole batch on purpose: ${result.undeliveredWithoutSequenceNumber} record(s) without a usable sequence number could not be quarantined, and a partial batch response cannot name them; Lambda retries the batch`;
        logger.error(message, { undelivered: result.undelivered.length, records: records.length });
        throw new BatchFailedError(message);
      }
      if (result.firstUndeliveredSequenceNumber === null) return { batchItemFailures: [] };
      logger.error('Records not safely delivered; Lambda retries from the first', {
        undelivered: result.undelivered.length,
        firstSequenceNumber: result.firstUndeliveredSequenceNumber,
      });
      return { batchItemFailures: [{ itemIdentifier: result.firstUndeliveredSequenceNumber }] };
    } finally {
      // Every path out (answer, BatchFailedError, any other throw): this invocation's
      // metrics are flushed or dropped here, never carried into the next one.
      metrics.reset();
    }
  };
}

/**
 * Epoch ms at which attempts are cut and retries stop: Lambda's timeout minus the
 * margin, the margin being at most a share of the time left (see PROCESSOR_DEFAULTS).
 */
export function invocationDeadline(nowMs: number, remainingMs: number, marginMs: number = PROCESSOR_DEFAULTS.deadlineMarginMs): number {
  return nowMs + remainingMs - Math.min(marginMs, Math.floor(remainingMs * PROCESSOR_DEFAULTS.deadlineMarginMaxShare));
}
