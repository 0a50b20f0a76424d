import type { InputRecord, MalformedInput } from './ports';

/** Largest epoch-seconds value a Date can hold (±8.64e15 ms). */
const MAX_EPOCH_SECONDS = 8.64e12;

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'got null';
  if (Array.isArray(value)) return 'got array';
  if (typeof value === 'string' && value === '') return 'got an empty string';
  if (typeof value === 'number' && !Number.isFinite(value)) return `got ${String(value)}`;
  return `got ${typeof value}`;
}

/** Kinesis `eventID` is `<shardId>:<sequenceNumber>`. */
function shardOf(eventId: unknown): string | undefined {
  if (typeof eventId !== 'string') return undefined;
  const colon = eventId.indexOf(':');
  return colon > 0 ? eventId.slice(0, colon) : undefined;
}

/**
 * Reads one record of a Kinesis event without trusting its shape: a well-formed
 * record becomes an InputRecord; one whose `kinesis.data`, `kinesis.sequenceNumber`,
 * `kinesis.partitionKey` or `kinesis.approximateArrivalTimestamp` is missing or of
 * the wrong type becomes a MalformedInput naming every such field, which the core
 * quarantines with the envelope instead of throwing on it.
 */
export function readKinesisRecord(raw: unknown): InputRecord | MalformedInput {
  const envelope = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const kinesisValue = envelope?.kinesis;
  const kinesis =
    typeof kinesisValue === 'object' && kinesisValue !== null && !Array.isArray(kinesisValue)
      ? (kinesisValue as Record<string, unknown>)
      : undefined;
  const shardId = shardOf(envelope?.eventID);
  if (kinesis === undefined) {
    const reason =
      envelope === undefined
        ? `envelope: expected an object, ${describe(raw)}`
        : `envelope: field 'kinesis' ${describe(kinesisValue)}, expected an object`;
    return {
      malformed: reason,
      envelope: raw,
      sequenceNumber: null,
      partitionKey: null,
      data: null,
      approximateArrivalTimestamp: null,
      shardId,
    };
  }
  const { data, sequenceNumber, partitionKey, approximateArrivalTimestamp: arrival } = kinesis;
  const problems: string[] = [];
  if (typeof data !== 'string') problems.push(`field 'kinesis.data' ${describe(data)}, expected base64 text`);
  if (typeof sequenceNumber !== 'string' || sequenceNumber === '')
    problems.push(`field 'kinesis.sequenceNumber' ${describe(sequenceNumber)}, expected a non-empty string`);
  if (typeof partitionKey !== 'string') problems.push(`field 'kinesis.partitionKey' ${describe(partitionKey)}, expected a string`);
  const arrivalOk = typeof arrival === 'number' && Number.isFinite(arrival) && Math.abs(arrival) <= MAX_EPOCH_SECONDS;
  if (!arrivalOk) {
    const detail =
      typeof arrival === 'number' && Number.isFinite(arrival)
        ? `got ${arrival}, over the bound of ${MAX_EPOCH_SECONDS}`
        : describe(arrival);
    problems.push(`field 'kinesis.approximateArrivalTimestamp' ${detail}, expected epoch seconds`);
  }
  if (problems.length === 0) {
    return {
      sequenceNumber: sequenceNumber as string,
      partitionKey: partitionKey as string,
      data: data as string,
      approximateArrivalTimestamp: arrival as number,
      shardId,
    };
  }
  return {
    malformed: `envelope: ${problems.join('; ')}`,
    envelope: raw,
    sequenceNumber: typeof sequenceNumber === 'string' && sequenceNumber !== '' ? sequenceNumber : null,
    partitionKey: typeof partitionKey === 'string' ? partitionKey : null,
    data: typeof data === 'string' ? data : null,
    approximateArrivalTimestamp: arrivalOk ? (arrival as number) : null,
    shardId,
  };
}

/** The envelope as JSON text for the quarantine; a value JSON cannot hold is described instead. */
export function envelopeText(envelope: unknown): string {
  try {
    return JSON.stringify(envelope) ?? String(envelope);
  } catch (error) {
    return `(not serializable as JSON: ${error instanceof Error ? error.message : String(error)})`;
  }
}
