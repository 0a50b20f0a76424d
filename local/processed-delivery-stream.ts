import { randomUUID } from 'node:crypto';
import { DELIVERY_BUFFERING_DEFAULTS } from '../config/delivery-defaults';
import type { DatasetDeclaration } from '../datasets/dataset';
import { datasetPrefix, PARTITION_COLUMN, processedFields } from '../datasets/naming';
import { DownstreamError } from '../functions/processor/errors';
import { lineBytes } from '../functions/processor/line-arena';
import type { Clock, FirehoseApi, OutboundRecord, PutRecordBatchEntryResult } from '../functions/processor/ports';
import { bufferingHints, DeliveryBuffer, objectTime, partitionDate, type BufferingHints } from './delivery-buffer';
import type { LocalLake } from './local-lake';
import type { ParquetWriter } from './parquet-writer';

/** The processed Firehose's buffering, the same the stacks configure. */
export const PROCESSED_BUFFERING: BufferingHints = bufferingHints(DELIVERY_BUFFERING_DEFAULTS.processed);

export interface ProcessedDeliveryStreamProps {
  readonly name: string;
  readonly dataset: DatasetDeclaration;
  readonly bucket: string;
  readonly lake: LocalLake;
  readonly parquet: ParquetWriter;
  /** @default PROCESSED_BUFFERING */
  readonly buffering?: BufferingHints;
}

/**
 * The processed delivery stream (DirectPut, Parquet conversion) on the local
 * lake: buffers the processor's JSON lines on the simulated clock and writes
 * `<dataset>/dt=<arrival date>/<stream>-1-<time>-<uuid>.parquet` with exactly the
 * `processedFields` columns.
 */
export class ProcessedDeliveryStream {
  private readonly buffer: DeliveryBuffer;
  private objects = 0;

  public constructor(private readonly props: ProcessedDeliveryStreamProps) {
    const columns = processedFields(props.dataset);
    this.buffer = new DeliveryBuffer(props.buffering ?? PROCESSED_BUFFERING, async ({ records, oldestArrivalMs }) => {
      const key =
        `${datasetPrefix(props.dataset)}${PARTITION_COLUMN}=${partitionDate(oldestArrivalMs)}/` +
        `${props.name}-1-${objectTime(oldestArrivalMs)}-${randomUUID()}.parquet`;
      await props.parquet.write(
        props.lake.objectPath(props.bucket, key),
        columns,
        records.map((r) => r.data),
      );
      this.objects += 1;
    });
  }

  public get name(): string {
    return this.props.name;
  }

  public get objectsWritten(): number {
    return this.objects;
  }

  public put(lines: readonly Uint8Array[], nowMs: number): Promise<void> {
    return this.buffer.add(lines, nowMs);
  }

  public tick(nowMs: number): Promise<void> {
    return this.buffer.tick(nowMs);
  }

  public flush(): Promise<void> {
    return this.buffer.flush();
  }
}

/**
 * The Firehose API the processor calls, served by local delivery streams. A
 * stream name that does not exist fails as Firehose does (ResourceNotFoundException,
 * not retryable). `clock` stamps each record's arrival.
 */
export class LocalFirehoseApi implements FirehoseApi {
  private readonly streams = new Map<string, ProcessedDeliveryStream>();

  public constructor(
    streams: readonly ProcessedDeliveryStream[],
    private readonly clock: Clock,
  ) {
    for (const s of streams) this.streams.set(s.name, s);
  }

  public async putRecordBatch(
    deliveryStreamName: string,
    records: readonly OutboundRecord[],
  ): Promise<{ readonly FailedPutCount: number; readonly RequestResponses: readonly PutRecordBatchEntryResult[] }> {
    const stream = this.streams.get(deliveryStreamName);
    if (stream === undefined) {
      throw new DownstreamError(`Firehose ${deliveryStreamName} not found`, 'ResourceNotFoundException', false, { httpStatus: 400 });
    }
    // Copied: the processor's views share one buffer per batch, and the stream buffers records for minutes.
    await stream.put(
      records.map((r) => Buffer.from(lineBytes(r))),
      this.clock.now(),
    );
    return { FailedPutCount: 0, RequestResponses: records.map(() => ({ RecordId: randomUUID() })) };
  }
}
