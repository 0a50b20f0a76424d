import { createHash, randomUUID } from 'node:crypto';
import type { KinesisStreamEvent } from 'aws-lambda';
import { FAILED_BATCH_PREFIX } from '../config/delivery-prefixes';
import type { LocalLake } from './local-lake';

/** Why the event source mapping gave up on records (Lambda's `requestContext.condition`). */
export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface FailedBatch {
  readonly shardId: string;
  readonly condition: FailureCondition;
  /** The invocation event of the records given up on. */
  readonly event: KinesisStreamEvent;
  readonly approximateInvokeCount: number;
  /** Set when the last attempt threw (an unhandled function error). */
  readonly functionError?: string;
  /** Simulated epoch ms. */
  readonly nowMs: number;
}

/**
 * Deterministic UUID of an event source mapping, derived from the function and
 * stream (the real one is assigned by AWS; the local run only needs it stable).
 */
export function localMappingUuid(functionName: string, streamName: string): string {
  const hex = createHash('sha256').update(`${functionName}\n${streamName}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The event source mapping's S3 on-failure destination on the local lake: one
 * invocation record per failed batch under
 * `aws/lambda/<esm-uuid>/<shard-id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`, with
 * the batch info and, as an S3 destination does, the records themselves (`payload`).
 */
export class FailureDestination {
  private records = 0;

  public constructor(
    private readonly props: {
      readonly lake: LocalLake;
      readonly bucket: string;
      readonly mappingUuid: string;
      readonly functionArn: string;
      readonly streamArn: string;
    },
  ) {}

  /** Records written so far. */
  public get recordCount(): number {
    return this.records;
  }

  /** Simulated time of each object put, epoch ms: what the bucket's PutRequests metric counts. */
  public readonly putTimesMs: number[] = [];

  public async send(batch: FailedBatch): Promise<string> {
    const records = batch.event.Records;
    const first = records[0]?.kinesis;
    const last = records[records.length - 1]?.kinesis;
    const iso = new Date(batch.nowMs).toISOString();
    const key =
      `${FAILED_BATCH_PREFIX}${this.props.mappingUuid}/${batch.shardId}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/` +
      `${iso.slice(0, 19).replace(/:/g, '.')}-${randomUUID()}`;
    const arrival = (seconds: number | undefined): string | undefined =>
      seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
    const body = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.props.functionArn,
        condition: batch.condition,
        approximateInvokeCount: batch.approximateInvokeCount,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(batch.functionError !== undefined ? { functionError: batch.functionError } : {}),
      },
      version: '1.0',
      timestamp: iso,
      KinesisBatchInfo: {
        shardId: batch.shardId,
        startSequenceNumber: first?.sequenceNumber,
        endSequenceNumber: last?.sequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first?.approximateArrivalTimestamp),
        approximateArrivalOfLastRecord: arrival(last?.approximateArrivalTimestamp),
        batchSize: records.length,
        streamArn: this.props.streamArn,
      },
      payload: JSON.stringify(batch.event),
    };
    this.records += records.length;
    this.putTimesMs.push(batch.nowMs);
    return this.props.lake.putObject(this.props.bucket, key, JSON.stringify(body));
  }
}
