import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { DatasetDeclaration } from '../datasets/dataset';
import type { KinesisHandler } from '../functions/processor/create-handler';
import { arrivalTimeOf } from './arrival-time';
import type { FailureCondition, FailureDestination } from './failure-destination';
import type { SimulatedClock } from './simulated-clock';
import { listShardIds, ShardReader } from './shard-reader';

/** The event source mapping settings the stacks set (stacks/ingest/dataset-pipeline.ts). */
export interface EventSourceMappingSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  /** Lambda timeout: the handler's remaining time at the start of an invocation. */
  readonly timeoutSeconds: number;
}

export interface EventSourcePollerProps {
  readonly client: KinesisClient;
  readonly streamName: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly region: string;
  readonly dataset: Pick<DatasetDeclaration, 'eventTimeField'>;
  readonly settings: EventSourceMappingSettings;
  readonly handler: KinesisHandler;
  readonly clock: SimulatedClock;
  /** Start of the simulated span: arrival of a first record without a readable event time. */
  readonly startMs: number;
  readonly failureDestination: FailureDestination;
  /** Called with the simulated time before each invocation, so delivery streams flush on their interval. @default none */
  readonly onTime?: (nowMs: number) => Promise<void>;
  /** Called after each invocation. @default none */
  readonly onInvoke?: (stats: PollerStats) => void;
  /**
   * Called after each invocation with what Lambda publishes per invocation: its
   * simulated time, `IteratorAge` (now minus the arrival of the batch's last record)
   * and whether the function errored (`Errors`). Feeds the local pipeline-health alarms.
   * @default none
   */
  readonly onInvocation?: (metrics: { readonly nowMs: number; readonly iteratorAgeMs: number; readonly functionError: boolean }) => void;
  /**
   * Simulated delay before a failed batch is retried.
   * @default 1000
   */
  readonly retryDelayMs?: number;
}

export interface PollerStats {
  readonly invocations: number;
  /** Invocations that were retries of a failed batch (or a half of one). */
  readonly retries: number;
  /** Failed batches split in two. */
  readonly bisections: number;
  /** Records whose invocation succeeded (checkpointed). */
  readonly succeeded: number;
  /** Records sent to the on-failure destination. */
  readonly failed: number;
  /** Invocations that threw (function errors). */
  readonly functionErrors: number;
  /** Invocations answered with a partial batch response. */
  readonly partialFailures: number;
}

interface PendingRecord {
  readonly record: KinesisStreamRecord;
  readonly arrivalMs: number;
}

/** A failed batch (or a half of one) waiting for its retry; `attempts` counts the retries used (splits are free). */
interface RetrySegment {
  readonly records: readonly PendingRecord[];
  readonly attempts: number;
}

interface ShardState {
  readonly reader: ShardReader;
  readonly queue: PendingRecord[];
  readonly retries: RetrySegment[];
  lastArrivalMs: number;
  /** When the shard's previous invocation ended; a shard runs one batch at a time. */
  busyUntilMs: number;
}

interface Plan {
  readonly shard: ShardState;
  readonly records: readonly PendingRecord[];
  readonly attempts: number;
  readonly invokeAtMs: number;
  readonly retry: boolean;
}

/** Compares Kinesis sequence numbers (decimal strings of up to 128 bits). */
function compareSequence(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The Kinesis event source mapping, on the simulated clock, as a discrete-event
 * loop: each shard is read with GetShardIterator/GetRecords from TRIM_HORIZON;
 * a batch closes at `batchSize` records or when the batching window after its
 * first record's arrival has passed; of all shards the earliest invocation runs
 * next, one batch per shard at a time (parallelization factor 1).
 *
 * Responses follow Lambda's `ReportBatchItemFailures` semantics: the lowest
 * `itemIdentifier` is the checkpoint, everything before it is done; an empty or
 * unknown identifier fails the whole batch. The remainder from the checkpoint is
 * retried (the split at the checkpoint is bisect-on-error's split for a partial
 * response); a batch whose invocation threw is halved first when bisect-on-error
 * is on (splits do not use the retry quota). Records that failed
 * `maximumRetryAttempts` retries (or are past `maximumRecordAgeSeconds`) go to
 * the on-failure destination and the shard moves on.
 */
export class EventSourcePoller {
  private stats: PollerStats = {
    invocations: 0,
    retries: 0,
    bisections: 0,
    succeeded: 0,
    failed: 0,
    functionErrors: 0,
    partialFailures: 0,
  };

  public constructor(private readonly props: EventSourcePollerProps) {}

  public get totals(): PollerStats {
    return this.stats;
  }

  /** Polls every shard to its end; resolves with the totals. */
  public async run(): Promise<PollerStats> {
    const { client, streamName, startMs } = this.props;
    const shards: ShardState[] = (await listShardIds(client, streamName)).map((shardId) => ({
      reader: new ShardReader(client, streamName, shardId),
      queue: [],
      retries: [],
      lastArrivalMs: startMs,
      busyUntilMs: startMs,
    }));
    for (;;) {
      let next: Plan | undefined;
      for (const shard of shards) {
        await this.fill(shard);
        const plan = this.plan(shard);
        if (plan !== undefined && (next === undefined || plan.invokeAtMs < next.invokeAtMs)) next = plan;
      }
      if (next === undefined) return this.stats;
      await this.invoke(next);
    }
  }

  /** Keeps more than a batch queued, so the planner can see whether the window closes. */
  private async fill(shard: ShardState): Promise<void> {
    while (!shard.reader.atTip && shard.queue.length <= this.props.settings.batchSize) {
      const page = await shard.reader.read();
      for (const r of page) {
        const data = r.Data ?? new Uint8Array();
        shard.lastArrivalMs = arrivalTimeOf(this.props.dataset, data, shard.lastArrivalMs);
        shard.queue.push({
          record: this.toLambdaRecord(shard.reader.shardId, r.SequenceNumber ?? '', r.PartitionKey ?? '', data, shard.lastArrivalMs),
          arrivalMs: shard.lastArrivalMs,
        });
      }
    }
  }

  private plan(shard: ShardState): Plan | undefined {
    const { batchSize, maximumBatchingWindowSeconds } = this.props.settings;
    const retry = shard.retries[0];
    if (retry !== undefined) {
      return {
        shard,
        records: retry.records,
        attempts: retry.attempts,
        invokeAtMs: shard.busyUntilMs + (this.props.retryDelayMs ?? 1000),
        retry: true,
      };
    }
    const first = shard.queue[0];
    if (first === undefined) return undefined;
    const windowEnd = first.arrivalMs + maximumBatchingWindowSeconds * 1000;
    let count = 0;
    while (count < shard.queue.length && count < batchSize && (shard.queue[count] as PendingRecord).arrivalMs <= windowEnd) count++;
    const records = shard.queue.slice(0, count);
    const last = records[records.length - 1] as PendingRecord;
    const readyAt = count === batchSize ? last.arrivalMs : windowEnd;
    return { shard, records, attempts: 0, invokeAtMs: Math.max(readyAt, shard.busyUntilMs), retry: false };
  }

  private async invoke(plan: Plan): Promise<void> {
    const { clock, settings, handler } = this.props;
    const { shard } = plan;
    if (plan.retry) shard.retries.shift();
    else shard.queue.splice(0, plan.records.length);
    clock.advanceTo(plan.invokeAtMs);
    await this.props.onTime?.(clock.now());

    // Records past the maximum age skip the function (Lambda checks before each attempt).
    const maxAgeMs = settings.maximumRecordAgeSeconds * 1000;
    const expired = plan.records.filter((r) => clock.now() - r.arrivalMs > maxAgeMs);
    const records = expired.length === 0 ? plan.records : plan.records.filter((r) => clock.now() - r.arrivalMs <= maxAgeMs);
    if (expired.length > 0) await this.giveUp(shard, expired, 'RecordAgeExceeded', plan.attempts + 1);
    if (records.length === 0) return;

    const event: KinesisStreamEvent = { Records: records.map((r) => r.record) };
    let response: KinesisStreamBatchResponse | undefined;
    let functionError: string | undefined;
    try {
      response = await handler(event, { getRemainingTimeInMillis: () => settings.timeoutSeconds * 1000 });
    } catch (error) {
      functionError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    shard.busyUntilMs = clock.now();
    const lastArrivalMs = (records[records.length - 1] as PendingRecord).arrivalMs;
    this.props.onInvocation?.({
      nowMs: clock.now(),
      iteratorAgeMs: Math.max(0, clock.now() - lastArrivalMs),
      functionError: functionError !== undefined,
    });
    const failedAt = functionError === undefined ? this.checkpointIndex(records, response) : 0;
    this.stats = {
      ...this.stats,
      invocations: this.stats.invocations + 1,
      retries: this.stats.retries + (plan.retry ? 1 : 0),
      succeeded: this.stats.succeeded + (failedAt ?? records.length),
      functionErrors: this.stats.functionErrors + (functionError === undefined ? 0 : 1),
      partialFailures: this.stats.partialFailures + (functionError === undefined && failedAt !== undefined ? 1 : 0),
    };
    if (failedAt !== undefined) {
      const remainder = records.slice(failedAt);
      // A partial batch response already says where to split (at the checkpoint); a thrown
      // error says nothing, so bisect-on-error halves the batch to isolate the bad record.
      if (functionError !== undefined && settings.bisectBatchOnFunctionError && remainder.length > 1) {
        // "Splitting a batch does not count towards the retry quota" (Lambda developer guide).
        const half = Math.ceil(remainder.length / 2);
        shard.retries.unshift(
          { records: remainder.slice(0, half), attempts: plan.attempts },
          { records: remainder.slice(half), attempts: plan.attempts },
        );
        this.stats = { ...this.stats, bisections: this.stats.bisections + 1 };
      } else if (plan.attempts + 1 > settings.maximumRetryAttempts) {
        await this.giveUp(shard, remainder, 'RetryAttemptsExhausted', plan.attempts + 1, functionError);
      } else {
        shard.retries.unshift({ records: remainder, attempts: plan.attempts + 1 });
      }
    }
    this.props.onInvoke?.(this.stats);
  }

  /**
   * Index of the first record to retry, or undefined when the batch succeeded.
   * The lowest reported sequence number is the checkpoint; an identifier that is
   * empty or not in the batch fails the whole batch, as Lambda does.
   */
  private checkpointIndex(records: readonly PendingRecord[], response: KinesisStreamBatchResponse | undefined): number | undefined {
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) return undefined;
    let lowest: number | undefined;
    for (const failure of failures) {
      const id = failure.itemIdentifier;
      const index = typeof id === 'string' && id.length > 0 ? records.findIndex((r) => r.record.kinesis.sequenceNumber === id) : -1;
      if (index < 0) return 0;
      if (lowest === undefined || compareSequence(id, (records[lowest] as PendingRecord).record.kinesis.sequenceNumber) < 0) lowest = index;
    }
    return lowest;
  }

  private async giveUp(
    shard: ShardState,
    records: readonly PendingRecord[],
    condition: FailureCondition,
    invokeCount: number,
    functionError?: string,
  ): Promise<void> {
    await this.props.failureDestination.send({
      shardId: shard.reader.shardId,
      condition,
      event: { Records: records.map((r) => r.record) },
      approximateInvokeCount: invokeCount,
      nowMs: this.props.clock.now(),
      ...(functionError !== undefined ? { functionError } : {}),
    });
    this.stats = { ...this.stats, failed: this.stats.failed + records.length };
  }

  private toLambdaRecord(
    shardId: string,
    sequenceNumber: string,
    partitionKey: string,
    data: Uint8Array,
    arrivalMs: number,
  ): KinesisStreamRecord {
    return {
      awsRegion: this.props.region,
      eventID: `${shardId}:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: this.props.streamArn,
      eventVersion: '1.0',
      invokeIdentityArn: `${this.props.functionArn}-role`,
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey,
        sequenceNumber,
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
        approximateArrivalTimestamp: arrivalMs / 1000,
      },
    };
  }
}
