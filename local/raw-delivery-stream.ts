import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DELIVERY_BUFFERING_DEFAULTS } from '../config/delivery-defaults';
import type { DatasetDeclaration } from '../datasets/dataset';
import { datasetPrefix, PARTITION_COLUMN } from '../datasets/naming';
import { arrivalTimeOf } from './arrival-time';
import { bufferingHints, DeliveryBuffer, objectTime, partitionDate, type BufferingHints } from './delivery-buffer';
import type { LocalLake } from './local-lake';
import { listShardIds, ShardReader } from './shard-reader';

/** The raw Firehose's buffering, the same the stacks configure. */
export const RAW_BUFFERING: BufferingHints = bufferingHints(DELIVERY_BUFFERING_DEFAULTS.raw);

const NEWLINE = Buffer.from('\n');

export interface RawDeliveryProps {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** Delivery stream name, the prefix of the object names. */
  readonly deliveryStreamName: string;
  readonly dataset: DatasetDeclaration;
  readonly bucket: string;
  readonly lake: LocalLake;
  /** Start of the simulated span: the arrival of a first record without a readable event time. */
  readonly startMs: number;
  /** @default RAW_BUFFERING */
  readonly buffering?: BufferingHints;
}

export interface RawDeliveryResult {
  readonly records: number;
  readonly objects: number;
}

/**
 * The raw delivery stream (Kinesis source): a consumer of its own that reads every
 * shard, appends the newline delimiter (the AppendDelimiterToRecord processor),
 * buffers on the simulated arrival clock and writes GZIP objects under
 * `<dataset>/dt=<arrival date>/`. Shards are read in full and merged by arrival,
 * as Firehose reads them side by side.
 */
export async function deliverRaw(props: RawDeliveryProps): Promise<RawDeliveryResult> {
  const arrivals: { data: Uint8Array; arrivalMs: number }[] = [];
  for (const shardId of await listShardIds(props.client, props.streamName)) {
    let last = props.startMs;
    for (const record of await new ShardReader(props.client, props.streamName, shardId).readAll()) {
      const data = record.Data ?? new Uint8Array();
      last = arrivalTimeOf(props.dataset, data, last);
      arrivals.push({ data, arrivalMs: last });
    }
  }
  arrivals.sort((a, b) => a.arrivalMs - b.arrivalMs);
  let objects = 0;
  const buffer = new DeliveryBuffer(props.buffering ?? RAW_BUFFERING, async ({ records, oldestArrivalMs }) => {
    const key =
      `${datasetPrefix(props.dataset)}${PARTITION_COLUMN}=${partitionDate(oldestArrivalMs)}/` +
      `${props.deliveryStreamName}-1-${objectTime(oldestArrivalMs)}-${randomUUID()}.gz`;
    const body = gzipSync(Buffer.concat(records.flatMap((r) => [r.data, NEWLINE])));
    await props.lake.putObject(props.bucket, key, body);
    objects += 1;
  });
  for (const a of arrivals) await buffer.add([a.data], a.arrivalMs);
  await buffer.flush();
  return { records: arrivals.length, objects };
}
