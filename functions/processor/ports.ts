import type { MetricDimensions, MetricName, MetricPoint, MetricUnit } from '../../datasets/dataset';

/**
 * The seams of the processor core. The Lambda handler wires Firehose/S3/EMF
 * implementations; the local data-plane run can wire files, DuckDB or memory.
 * `processRecords(records, deps)` only ever talks to these interfaces (and to the
 * dataset `compileDataset` built).
 */

/** One input record, as Kinesis hands it over (the fields the processor needs). */
export interface InputRecord {
  /** Kinesis sequence number; the partial batch response names one of these. */
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** The payload exactly as received: base64 text. */
  readonly data: string;
  /** Epoch seconds (Kinesis `approximateArrivalTimestamp`). */
  readonly approximateArrivalTimestamp: number;
  /** Shard the record came from, when known (`shardId-...`); used in quarantine object keys. */
  readonly shardId?: string;
}

/**
 * A Kinesis record whose envelope is unusable: `data`, `sequenceNumber`,
 * `partitionKey` or `approximateArrivalTimestamp` missing or of the wrong type.
 * It is quarantined as it came (see `readKinesisRecord`); the batch goes on.
 */
export interface MalformedInput {
  /** Names the envelope field and what was expected. */
  readonly malformed: string;
  /** The record as Lambda handed it over, for the quarantine entry. */
  readonly envelope: unknown;
  /** Set only when usable (a non-empty string): otherwise the record cannot be named in a partial batch response. */
  readonly sequenceNumber: string | null;
  readonly partitionKey: string | null;
  /** The payload, when it is a string. */
  readonly data: string | null;
  /** Epoch seconds, when usable. */
  readonly approximateArrivalTimestamp: number | null;
  readonly shardId?: string;
}

/** What the core takes: well-formed records and the malformed ones, in batch order. */
export type BatchInput = InputRecord | MalformedInput;

/** A processed record: exactly the columns of `processedFields(dataset)`, in order. */
export type ProcessedRecord = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A record ready for a sink: its NDJSON line (`JSON.stringify(record) + '\n'`) as
 * UTF-8 bytes `chunk[offset, offset + bytes)`, serialized once and shared by all
 * sinks (see LineArena; `lineBytes`/`lineText` read it).
 */
export interface OutboundRecord {
  readonly chunk: Buffer;
  readonly offset: number;
  /** UTF-8 size of the line, for the Firehose limits. */
  readonly bytes: number;
}

/** What a sink reports back: for each input index, whether it was safely delivered. */
export interface DeliveryReport {
  /** Indices (into the array given to `deliver`) that are NOT safely delivered, ascending. */
  readonly undelivered: readonly number[];
}

/** Destination of valid records (processed Firehose, search Firehose, local files...). */
export interface RecordSink {
  /** Delivers the records; never throws for downstream failures, reports them instead. */
  deliver(records: readonly OutboundRecord[]): Promise<DeliveryReport>;
}

/** A record that failed parsing/validation/normalization, with why. */
export interface QuarantineEntry {
  /** Names the field (or the payload) and what was expected. */
  readonly reason: string;
  /** Base64 payload exactly as received; null when the envelope holds no string payload. */
  readonly raw: string | null;
  /** null when the envelope has no usable sequence number. */
  readonly sequence_number: string | null;
  readonly partition_key: string | null;
  /** ISO-8601 UTC from the Kinesis approximate arrival timestamp; null when the envelope has no usable one. */
  readonly approximate_arrival_time: string | null;
  /** ISO-8601 UTC, when the processor quarantined it. */
  readonly quarantined_at: string;
  /** The whole Kinesis record as JSON text, only for a malformed envelope. */
  readonly envelope?: string;
}

/** Destination of invalid records. */
export interface QuarantineSink {
  /** Stores all entries (one object per call); never throws for downstream failures. */
  quarantine(entries: readonly QuarantineEntry[], shardId?: string): Promise<DeliveryReport>;
}

/** Receives the metrics of one batch; `flush` writes them (EMF lines for the Lambda). */
export interface MetricsEmitter {
  /** Points of `dataset`; each is published under [Dataset] and [Dataset, K] for each extra dimension K. */
  add(dataset: string, points: readonly MetricPoint[]): void;
  /**
   * A recorder for one metric under fixed dimension values, for per-record use: the
   * same as `add` with that point, without looking the series up each time. Valid
   * until the next `flush`.
   */
  series(dataset: string, name: MetricName, unit: MetricUnit, dimensions?: MetricDimensions): (value: number) => void;
  flush(): void;
  /** Drops everything added since the last flush: an invocation that fails publishes nothing (Lambda runs its batch again). */
  reset(): void;
}

/** Time source, so tests and the local run control `ingested_at`, skew checks and backoff. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Per-record outcome of one batch. */
export interface BatchResult {
  /** Records that passed validation and were handed to the processed (and search) sink; failed deliveries are in `undelivered`. */
  readonly valid: number;
  /** Records handed to the quarantine; a failed write puts them in `undelivered`. */
  readonly invalid: number;
  /** Sequence number of the first record (in batch order) not safely delivered, or null if all were. */
  readonly firstUndeliveredSequenceNumber: string | null;
  /**
   * Undelivered records that have no usable sequence number: a partial batch response
   * cannot name them, so the caller must fail the whole batch when this is not 0.
   */
  readonly undeliveredWithoutSequenceNumber: number;
  /** Indices (into the input) not safely delivered, ascending. */
  readonly undelivered: readonly number[];
  /** The processed records handed to the sinks (one JSON line each), in input order (valid only). */
  readonly outbound: readonly OutboundRecord[];
  /** The quarantine entries, in input order. */
  readonly quarantined: readonly QuarantineEntry[];
}

/** Per-entry answer of PutRecordBatch: `ErrorCode` set means that entry failed. */
export interface PutRecordBatchEntryResult {
  readonly RecordId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

/** The one Firehose call the processor makes (AWS SDK v3 in the Lambda, files or memory in the local run). */
export interface FirehoseApi {
  /**
   * Throws on whole-call failures (throttling, 5xx, network, `signal` aborted);
   * returns per-entry results otherwise.
   */
  putRecordBatch(
    deliveryStreamName: string,
    /** NDJSON lines, each a range of UTF-8 bytes (see `lineBytes`). */
    records: readonly OutboundRecord[],
    /** Aborts the call when the invocation's time is up. @default none */
    signal?: AbortSignal,
  ): Promise<{ readonly FailedPutCount: number; readonly RequestResponses: readonly PutRecordBatchEntryResult[] }>;
}

/** The one S3 call the processor makes. */
export interface ObjectStoreApi {
  /** Throws on failure, including `signal` aborted. */
  putObject(bucket: string, key: string, body: string, contentType: string, signal?: AbortSignal): Promise<void>;
}
