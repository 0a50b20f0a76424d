import { detectBursts } from './burst';
import type { CompiledDataset } from './compile-dataset';
import type { MetricRecorderFactory } from './compiled/metric-recorder';
import { PayloadDecoder } from './decode-payload';
import { contentEventId } from './event-id';
import { FIREHOSE_LIMITS } from './firehose-sink';
import { envelopeText } from './kinesis-envelope';
import { LineArena, lineText, type LinePlacement } from './line-arena';
import type {
  BatchInput,
  BatchResult,
  Clock,
  InputRecord,
  MetricsEmitter,
  OutboundRecord,
  QuarantineEntry,
  QuarantineSink,
  RecordSink,
} from './ports';
import { truncate } from './record-schema';

const EMPTY = Buffer.alloc(0);

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

/** What `processRecords` works with: the compiled dataset and the ports (see ports.ts). */
export interface ProcessorDeps {
  /** Built once per container by `compileDataset` (createHandler does it at cold start). */
  readonly compiled: CompiledDataset;
  readonly processedSink: RecordSink;
  /** Set when OpenSearch indexing is enabled (search Firehose). */
  readonly searchSink?: RecordSink;
  readonly quarantineSink: QuarantineSink;
  readonly metrics: MetricsEmitter;
  readonly clock: Clock;
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
    readonly datasetName: string;
    readonly metrics: MetricsEmitter;
    readonly recordMetrics: MetricRecorderFactory;
  },
): void {
  const { metrics } = batch;
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
  metrics.add(batch.datasetName, [
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
  const { clock } = deps;
  const nowMs = clock.now();
  const nowIso = new Date(nowMs).toISOString();
  const { declaration: dataset, validator, serialize, copyDerived, recordMetrics, burstRule: rule } = deps.compiled;
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
      reject(
        item.index,
        records[item.index] as BatchInput,
        `record: processed size ${item.bytes} bytes exceeds the Firehose limit of ${FIREHOSE_LIMITS.maxBytesPerRecord}`,
      );
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
  const decoder = new PayloadDecoder();
  for (let index = 0; index < records.length; index++) {
    const given = records[index] as BatchInput;
    if ('malformed' in given) {
      reject(index, given, given.malformed);
      continue;
    }
    const input: InputRecord = given;
    const decoded = decoder.decode(input.data);
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
    if (first !== undefined) recountBefore(first, { outbound, rejected, datasetName: dataset.name, metrics, recordMetrics });
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
