import type { DatasetDeclaration } from '../../datasets/dataset';
import { processedFields } from '../../datasets/naming';
import { burstRuleFor, detectBursts } from './burst';
import { decodePayload } from './decode-payload';
import { LineArena, lineText, type LinePlacement } from './line-arena';
import { compileMetricRecorder, type MetricRecorderFactory } from './metric-recorder';
import { compileDerivedColumnsCopy, type DerivedColumnsCopy } from './derived-columns';
import { contentEventId } from './event-id';
import { FIREHOSE_LIMITS } from './firehose-sink';
import { envelopeText } from './kinesis-envelope';
import type { BatchInput, BatchResult, InputRecord, OutboundRecord, ProcessorDeps, QuarantineEntry } from './ports';
import { buildRecordValidator, truncate, type RecordValidator } from './record-schema';
import { compileRowSerializer, type RowSerializer } from './row-serializer';

const EMPTY = Buffer.alloc(0);

/** Default for `MAX_FUTURE_SKEW_SECONDS`. */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;
/** `critical_reason` column bound (PROCESSING_FIELDS maxLength). */
const CRITICAL_REASON_MAX = 256;

/** A valid record through the rest of the batch: the OutboundRecord the sinks get. */
interface Accepted extends LinePlacement {
  readonly index: number;
  /** Over the Firehose record limit: quarantined instead of delivered. */
  oversize: boolean;
}

/** A record the burst rule matches: its row is kept until bursts are known (see processRecords). */
interface Candidate {
  readonly record: Record<string, string | number | boolean | null>;
  readonly accepted: Accepted;
  readonly plain: boolean;
  critical: string | null;
}

/** What a dataset's records are checked and written with. */
interface DatasetCodec {
  readonly validator: RecordValidator;
  readonly serialize: RowSerializer;
  readonly copyDerived: DerivedColumnsCopy;
  readonly recordMetrics: MetricRecorderFactory;
}

// Schemas and serializers are built once per dataset and skew, not per batch.
const codecs = new WeakMap<DatasetDeclaration, Map<number, DatasetCodec>>();

function codecFor(dataset: DatasetDeclaration, skewSeconds: number): DatasetCodec {
  let bySkew = codecs.get(dataset);
  if (bySkew === undefined) {
    bySkew = new Map();
    codecs.set(dataset, bySkew);
  }
  let codec = bySkew.get(skewSeconds);
  if (codec === undefined) {
    const extraColumns = processedFields(dataset)
      .slice(dataset.fields.length)
      .map((f) => f.name);
    codec = {
      validator: buildRecordValidator(dataset, { maxFutureSkewMs: skewSeconds * 1000, extraColumns }),
      recordMetrics: compileMetricRecorder(dataset),
      copyDerived: compileDerivedColumnsCopy(dataset.derivedFields.map((f) => f.name)),
      serialize: compileRowSerializer(
        dataset.fields.map((f) => f.name),
        extraColumns,
      ),
    };
    bySkew.set(skewSeconds, codec);
  }
  return codec;
}

/**
 * Builds a dataset's schema, compiled checks and serializers ahead of the first batch
 * (they are cached per dataset and skew): the handler calls it at cold start, so the
 * first invocation does not pay ~9 ms of compilation and a broken declaration fails
 * the init instead of a batch.
 */
export function prepareDataset(dataset: DatasetDeclaration, maxFutureSkewSeconds = DEFAULT_MAX_FUTURE_SKEW_SECONDS): void {
  codecFor(dataset, maxFutureSkewSeconds);
}

/**
 * Replaces a batch's metrics with those of its records before index `cut` (the
 * checkpoint of a partial batch response). A rare path: the rows, dropped after
 * serialization, are read back from their lines (the processed row holds every
 * column a metric reads).
 */
function recountBefore(
  cut: number,
  batch: {
    readonly outbound: readonly Accepted[];
    readonly rejected: readonly { readonly index: number }[];
    readonly dataset: DatasetDeclaration;
    readonly metrics: ProcessorDeps['metrics'];
    readonly recordMetrics: MetricRecorderFactory;
  },
): void {
  const { metrics, dataset } = batch;
  metrics.reset();
  const measure = batch.recordMetrics(metrics);
  let valid = 0;
  let critical = 0;
  for (const item of batch.outbound) {
    if (item.index >= cut) break;
    valid++;
    const row = JSON.parse(lineText(item)) as Record<string, string | number | boolean | null>;
    if (row.is_critical === true) critical++;
    try {
      measure(row);
    } catch {
      // Metrics are best effort, as in the first pass.
    }
  }
  metrics.add(dataset.name, [
    { name: 'RecordsValid', value: valid, unit: 'Count' },
    { name: 'RecordsInvalid', value: batch.rejected.filter((r) => r.index < cut).length, unit: 'Count' },
    { name: 'CriticalErrors', value: critical, unit: 'Count' },
  ]);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isoOrNull(epochSeconds: number | null): string | null {
  return epochSeconds === null ? null : new Date(Math.round(epochSeconds * 1000)).toISOString();
}

/**
 * The processor core: parse, validate, normalize, enrich, detect critical records
 * and bursts, emit metrics, then deliver valid records to the processed (and search)
 * sink and invalid ones to the quarantine. It never throws for a bad record or a
 * failed delivery: the result names the first record not safely delivered.
 */
export async function processRecords(records: readonly BatchInput[], deps: ProcessorDeps): Promise<BatchResult> {
  try {
    return await processBatch(records, deps);
  } catch (error) {
    // The batch fails and Lambda runs it again: its metrics must not be published
    // with the next invocation's, nor twice.
    deps.metrics.reset();
    throw error;
  }
}

async function processBatch(records: readonly BatchInput[], deps: ProcessorDeps): Promise<BatchResult> {
  const { dataset, clock } = deps;
  const nowMs = clock.now();
  const nowIso = new Date(nowMs).toISOString();
  const { validator, serialize, copyDerived, recordMetrics } = codecFor(dataset, deps.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS);
  const { eventIdField } = dataset;

  const accepted: Accepted[] = [];
  const candidates: Candidate[] = [];
  const rejected: { index: number; entry: QuarantineEntry }[] = [];
  const reject = (index: number, input: BatchInput, reason: string): void => {
    const entry: QuarantineEntry = {
      reason,
      raw: input.data,
      sequence_number: input.sequenceNumber,
      partition_key: input.partitionKey,
      approximate_arrival_time: isoOrNull(input.approximateArrivalTimestamp),
      quarantined_at: nowIso,
    };
    rejected.push({ index, entry: 'malformed' in input ? { ...entry, envelope: envelopeText(input.envelope) } : entry });
  };
  const { metrics } = deps;
  const measure = recordMetrics(metrics);
  let critical = 0;
  const arena = new LineArena();
  /** Marks, serializes, size-checks and measures a record whose critical state is final. */
  const finish = (row: Record<string, string | number | boolean | null>, item: Accepted, plain: boolean, reason: string | null): void => {
    if (reason !== null) {
      row.is_critical = true;
      row.critical_reason = truncate(reason, CRITICAL_REASON_MAX);
    }
    arena.place(serialize(row, plain), item, FIREHOSE_LIMITS.maxBytesPerRecord);
    if (item.bytes > FIREHOSE_LIMITS.maxBytesPerRecord) {
      item.oversize = true;
      reject(item.index, records[item.index] as BatchInput, `record: processed size ${item.bytes} bytes exceeds the Firehose limit of ${FIREHOSE_LIMITS.maxBytesPerRecord}`);
      return;
    }
    try {
      measure(row);
    } catch {
      // Metrics are best effort: a declaration bug must not block delivery of the record.
    }
    if (reason !== null) critical++;
  };

  // Most records are final after one pass: they are serialized into the arena at once
  // and their row is dropped, so a 10,000-record batch keeps small objects alive, not
  // rows or line strings (less for the garbage collector to copy). Records the burst
  // rule matches wait for the bursts.
  const rule = deps.burstRule === undefined ? burstRuleFor(dataset) : deps.burstRule;
  for (let index = 0; index < records.length; index++) {
    const given = records[index] as BatchInput;
    if ('malformed' in given) {
      reject(index, given, given.malformed);
      continue;
    }
    const input: InputRecord = given;
    const decoded = decodePayload(input.data);
    if (!decoded.ok) {
      reject(index, input, decoded.reason);
      continue;
    }
    const validated = validator.validate(decoded.payload, nowMs);
    if (!validated.ok) {
      reject(index, input, validated.reason);
      continue;
    }
    // One object per record, keys already in processedFields order: declared, derived, processing.
    const row = validated.record;
    let reason: string | null;
    let candidate: boolean;
    try {
      if (eventIdField !== undefined && row[eventIdField] === null) row[eventIdField] = contentEventId(dataset.fields, eventIdField, row);
      copyDerived(row, dataset.enrich(row));
      row.ingested_at = nowIso;
      row.is_critical = false;
      reason = dataset.detectCritical(row);
      candidate = rule !== null && rule.matches(row);
    } catch (error) {
      // A declaration bug must not fail the batch; the record stays inspectable in the quarantine.
      reject(index, input, `enrichment failed: ${message(error)}`);
      continue;
    }
    const item: Accepted = { index, chunk: EMPTY, offset: 0, bytes: 0, oversize: false };
    accepted.push(item);
    if (candidate) candidates.push({ record: row, accepted: item, plain: decoded.plain, critical: reason });
    else finish(row, item, decoded.plain, reason);
  }

  if (rule !== null) {
    for (const i of detectBursts(candidates, rule, (r) => Date.parse(String(r[dataset.eventTimeField])))) {
      const candidate = candidates[i] as Candidate;
      candidate.critical ??= `${rule.label}: ${rule.threshold}+ within ${rule.windowMs / 1000} s`;
    }
    for (const c of candidates) finish(c.record, c.accepted, c.plain, c.critical);
  }

  arena.seal();
  const outbound = accepted.filter((item) => !item.oversize);
  rejected.sort((a, b) => a.index - b.index);
  metrics.add(dataset.name, [
    { name: 'RecordsValid', value: outbound.length, unit: 'Count' },
    { name: 'RecordsInvalid', value: rejected.length, unit: 'Count' },
    { name: 'CriticalErrors', value: critical, unit: 'Count' },
  ]);

  const outRecords: readonly OutboundRecord[] = outbound;
  const entries = rejected.map((r) => r.entry);
  const firstShard = records.find((r) => r.shardId !== undefined)?.shardId;
  const [processed, search, quarantine] = await Promise.all([
    outRecords.length > 0 ? deps.processedSink.deliver(outRecords) : { undelivered: [] },
    deps.searchSink !== undefined && outRecords.length > 0 ? deps.searchSink.deliver(outRecords) : { undelivered: [] },
    entries.length > 0 ? deps.quarantineSink.quarantine(entries, firstShard) : { undelivered: [] },
  ]);

  const undelivered = new Set<number>();
  for (const i of processed.undelivered) undelivered.add((outbound[i] as Accepted).index);
  for (const i of search.undelivered) undelivered.add((outbound[i] as Accepted).index);
  for (const i of quarantine.undelivered) undelivered.add((rejected[i] as { index: number }).index);
  const undeliveredSorted = [...undelivered].sort((a, b) => a - b);
  const unnamed = undeliveredSorted.filter((i) => (records[i] as BatchInput).sequenceNumber === null).length;
  const first = undeliveredSorted.find((i) => (records[i] as BatchInput).sequenceNumber !== null);

  // A batch with an undelivered record the partial response cannot name is failed as a
  // whole by the handler, and Lambda runs all of it again: its metrics are dropped here,
  // or every one of its records would be counted twice.
  if (unnamed > 0) metrics.reset();
  else {
    // Lambda sends the records from the named one on again, and they are counted then:
    // count only those before it now, or an outage downstream multiplies Requests and
    // CriticalErrors (and trips the alarms on them) once per retry.
    if (first !== undefined) recountBefore(first, { outbound, rejected, dataset, metrics, recordMetrics });
    metrics.flush();
  }

  return {
    valid: outbound.length,
    invalid: rejected.length,
    undelivered: undeliveredSorted,
    undeliveredWithoutSequenceNumber: unnamed,
    firstUndeliveredSequenceNumber: first === undefined ? null : (records[first] as BatchInput).sequenceNumber,
    outbound,
    quarantined: entries,
  };
}
