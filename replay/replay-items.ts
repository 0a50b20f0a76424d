import type { KinesisStreamEvent } from 'aws-lambda';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A record found in a file: from an on-failure batch, or a quarantine entry. */
export type ReplayItem =
  | {
      readonly kind: 'failed';
      readonly key: string;
      /** Stream ARN the batch came from (KinesisBatchInfo.streamArn). */
      readonly streamArn: string;
      readonly condition: string;
      readonly sequenceNumber: string;
      readonly partitionKey: string;
      /** Base64 payload, as Kinesis handed it to the function. */
      readonly data: string;
    }
  | {
      readonly kind: 'quarantined';
      readonly key: string;
      /** Full path or S3 key of the file, for the dataset (`invalid/<dataset>/`). */
      readonly location: string;
      readonly sequenceNumber: string;
      readonly partitionKey: string;
      readonly data: string;
      readonly reason: string;
    }
  /** A file (or line) that is neither: skipped with the reason. */
  | { readonly kind: 'unreadable'; readonly key: string; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of one on-failure invocation record (an S3 destination holds the invocation event in `payload`). */
function* failedBatch(key: string, doc: Record<string, unknown>): Generator<ReplayItem> {
  const info = doc.KinesisBatchInfo;
  const context = doc.requestContext;
  if (!isObject(info) || typeof info.streamArn !== 'string' || typeof doc.payload !== 'string') {
    yield { kind: 'unreadable', key, reason: 'expected an on-failure invocation record (KinesisBatchInfo.streamArn and payload)' };
    return;
  }
  let event: unknown;
  try {
    event = JSON.parse(doc.payload);
  } catch {
    yield { kind: 'unreadable', key, reason: 'payload: not JSON; expected the Kinesis invocation event' };
    return;
  }
  const records = isObject(event) && Array.isArray(event.Records) ? (event as unknown as KinesisStreamEvent).Records : undefined;
  if (records === undefined) {
    yield {
      kind: 'unreadable',
      key,
      reason: 'payload: expected a Kinesis invocation event with Records (the destination held metadata only: an SQS or SNS destination)',
    };
    return;
  }
  const condition = isObject(context) && typeof context.condition === 'string' ? context.condition : 'unknown condition';
  for (const [i, record] of records.entries()) {
    const k = isObject(record) && isObject(record.kinesis) ? record.kinesis : undefined;
    if (k === undefined || typeof k.data !== 'string' || typeof k.partitionKey !== 'string' || typeof k.sequenceNumber !== 'string') {
      yield { kind: 'unreadable', key: `${key}#${i}`, reason: 'expected kinesis.data, kinesis.partitionKey and kinesis.sequenceNumber' };
      continue;
    }
    yield {
      kind: 'failed',
      key,
      streamArn: info.streamArn,
      condition,
      sequenceNumber: k.sequenceNumber,
      partitionKey: k.partitionKey,
      data: k.data,
    };
  }
}

function quarantineEntry(key: string, location: string, entry: Record<string, unknown>, line: number): ReplayItem {
  const { raw, sequence_number: sequenceNumber, partition_key: partitionKey, reason } = entry;
  if (typeof raw !== 'string' || typeof sequenceNumber !== 'string' || typeof partitionKey !== 'string' || typeof reason !== 'string') {
    return {
      kind: 'unreadable',
      key: `${key}:${line}`,
      reason: 'expected a quarantine entry (reason, raw, sequence_number, partition_key)',
    };
  }
  return { kind: 'quarantined', key, location, sequenceNumber, partitionKey, data: raw, reason };
}

/**
 * The records of one file, read line by line: a quarantine object is NDJSON (one
 * entry a line, streamed), an on-failure invocation record is one JSON document
 * (one line, at most one invocation's payload: 6 MB). Which it is, the first line says.
 */
export async function* readItems(key: string, location: string, body: Readable): AsyncGenerator<ReplayItem> {
  const lines = createInterface({ input: body, crlfDelay: Infinity });
  let kind: 'quarantine' | 'batch' | undefined;
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      if (line.trim() === '') continue;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch {
        yield {
          kind: 'unreadable',
          key: kind === undefined ? key : `${key}:${n}`,
          reason: 'not JSON; expected a quarantine object (NDJSON) or an on-failure invocation record',
        };
        if (kind === undefined) return;
        continue;
      }
      if (!isObject(doc)) {
        yield { kind: 'unreadable', key: `${key}:${n}`, reason: 'expected a JSON object' };
        continue;
      }
      kind ??= 'KinesisBatchInfo' in doc || 'requestContext' in doc ? 'batch' : 'quarantine';
      if (kind === 'batch') yield* failedBatch(key, doc);
      else yield quarantineEntry(key, location, doc, n);
    }
  } finally {
    lines.close();
    body.destroy();
  }
}
