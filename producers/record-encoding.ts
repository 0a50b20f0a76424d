import { randomUUID } from 'node:crypto';
import type { DatasetDeclaration } from '../datasets/dataset';
import type { OutgoingRecord } from './kinesis-batch-sender';

/**
 * The partition key of a record. With `partitionKeyField` (turbines: `turbine_id`)
 * all of a source's records land on one shard, in order. Without it (access logs)
 * the event's own UUID spreads records evenly over the shards, so no shard gets
 * hot when one region or device type dominates.
 */
export function partitionKeyFor(dataset: Pick<DatasetDeclaration, 'partitionKeyField' | 'eventIdField'>, record: object): string {
  const fields = record as Readonly<Record<string, unknown>>;
  const field = dataset.partitionKeyField;
  if (field !== undefined) {
    const value = fields[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`${field}: got ${JSON.stringify(value)}; expected a non-empty string to use as the partition key`);
    }
    return value;
  }
  const id = eventIdOf(dataset, fields);
  return id ?? randomUUID();
}

/** The record's event id, read from the dataset's declared `eventIdField` (no field name is spelt here). */
function eventIdOf(dataset: Pick<DatasetDeclaration, 'eventIdField'>, fields: Readonly<Record<string, unknown>>): string | undefined {
  const id = dataset.eventIdField === undefined ? undefined : fields[dataset.eventIdField];
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** JSON without a trailing newline: the raw Firehose appends the delimiter. */
export function encodeRecord(dataset: Pick<DatasetDeclaration, 'partitionKeyField' | 'eventIdField'>, record: object): OutgoingRecord {
  const fields = record as Readonly<Record<string, unknown>>;
  const partitionKey = partitionKeyFor(dataset, fields);
  const id = eventIdOf(dataset, fields) ?? partitionKey;
  return { id, partitionKey, data: Buffer.from(JSON.stringify(record), 'utf8') };
}
