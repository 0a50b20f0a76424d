import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { FirehoseSink, type FirehoseFailureEvent } from './firehose-sink';
import type { Clock, FirehoseApi, InputRecord, MetricsEmitter, ObjectStoreApi } from './ports';
import { prepareDataset, processRecords } from './process-records';
import type { ProcessorConfig } from './config';
import { S3QuarantineSink } from './quarantine-sink';
import type { RetryPolicy } from '../../aws/retry';

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
  /** Backoff settings (sleep/random injectable for tests). @default DEFAULT_RETRY_POLICY */
  readonly retry?: Omit<RetryPolicy, 'deadline'>;
  /** Retries stop this long before Lambda's timeout, leaving time to answer. @default 3000 */
  readonly deadlineMarginMs?: number;
}

/** Lambda's context, reduced to what the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export type KinesisHandler = (event: KinesisStreamEvent, context?: InvocationContext) => Promise<KinesisStreamBatchResponse>;

/** Kinesis `eventID` is `<shardId>:<sequenceNumber>`. */
function shardOf(eventId: string | undefined): string | undefined {
  if (eventId === undefined) return undefined;
  const colon = eventId.indexOf(':');
  return colon > 0 ? eventId.slice(0, colon) : undefined;
}

/**
 * Builds the Kinesis handler: sinks are created once here (per container), the
 * retry deadline is refreshed per invocation from the Lambda context. The answer
 * is a partial batch response naming the first record not safely delivered.
 */
export function createHandler(runtime: HandlerRuntime): KinesisHandler {
  const { config, logger } = runtime;
  prepareDataset(config.dataset, config.maxFutureSkewSeconds);
  const clock: Clock = runtime.clock ?? { now: Date.now };
  let deadline = Number.POSITIVE_INFINITY;
  const retry: RetryPolicy = { ...runtime.retry, now: () => clock.now(), deadline: () => deadline };
  const onFailure = (event: FirehoseFailureEvent): void => logger.warn('Firehose delivery attempt failed', { ...event });
  const processedSink = new FirehoseSink({ api: runtime.firehose, deliveryStreamName: config.processedDeliveryStream, retry, onFailure });
  const searchSink =
    config.searchDeliveryStream === undefined
      ? undefined
      : new FirehoseSink({ api: runtime.firehose, deliveryStreamName: config.searchDeliveryStream, retry, onFailure });
  const quarantineSink = new S3QuarantineSink({
    api: runtime.objectStore,
    bucket: config.quarantineBucket,
    dataset: config.dataset,
    retry,
    onFailure: ({ key, attempt, error, willRetry }) =>
      logger.warn('Quarantine write failed', { key, attempt, willRetry, error: error instanceof Error ? error.message : String(error) }),
  });

  return async (event, context) => {
    const records: InputRecord[] = (event.Records ?? []).map((r) => ({
      sequenceNumber: r.kinesis.sequenceNumber,
      partitionKey: r.kinesis.partitionKey,
      data: r.kinesis.data,
      approximateArrivalTimestamp: r.kinesis.approximateArrivalTimestamp,
      shardId: shardOf(r.eventID),
    }));
    if (records.length === 0) return { batchItemFailures: [] };
    deadline =
      context === undefined
        ? Number.POSITIVE_INFINITY
        : clock.now() + context.getRemainingTimeInMillis() - (runtime.deadlineMarginMs ?? 3000);
    const result = await processRecords(records, {
      dataset: config.dataset,
      processedSink,
      searchSink,
      quarantineSink,
      metrics: runtime.metrics,
      clock,
      maxFutureSkewSeconds: config.maxFutureSkewSeconds,
    });
    if (result.invalid > 0) logger.info('Records quarantined', { count: result.invalid, first: result.quarantined[0]?.reason });
    if (result.firstUndeliveredSequenceNumber === null) return { batchItemFailures: [] };
    logger.error('Records not safely delivered; Lambda retries from the first', {
      undelivered: result.undelivered.length,
      firstSequenceNumber: result.firstUndeliveredSequenceNumber,
    });
    return { batchItemFailures: [{ itemIdentifier: result.firstUndeliveredSequenceNumber }] };
  };
}
