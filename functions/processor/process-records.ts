import type { DatasetDeclaration } from '../../datasets/dataset';
import { processedFields } from '../../datasets/naming';
import { burstRuleFor, detectBursts } from './burst';
import { decodePayload } from './decode-payload';
import { contentEventId } from './event-id';
import { FIREHOSE_LIMITS } from './firehose-sink';
import type { BatchResult, InputRecord, OutboundRecord, ProcessorDeps, QuarantineEntry } from './ports';
import { buildRecordValidator, truncate, type RecordValidator } from './record-schema';
import { compileRowSerializer, type RowSerializer } from './row-serializer';

/** Default for `MAX_FUTURE_SKEW_SECONDS`. */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;
/** `critical_reason` column bound (PROCESSING_FIELDS maxLength). */
const CRITICAL_REASON_MAX = 256;

/** A valid record through the rest of the batch; once serialized it is also the OutboundRecord the sinks get. */
interface Accepted {
  readonly index: number;
  readonly record: Record<string, string | number | boolean | null>;
  /** The input JSON text had no backslash (RowSerializer's `plainInput`). */
  readonly plain: boolean;
  critical: string | null;
  line: string;
  bytes: number;
}

/** What a dataset's records are checked and written with. */
interface DatasetCodec {
  readonly validator: RecordValidator;
  readonly serialize: RowSerializer;
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
      serialize: compileRowSerializer(
        dataset.fields.map((f) => f.name),
        extraColumns,
      ),
    };
    bySkew.set(skewSeconds, codec);
  }
  return codec;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The processor core: parse, validate, normalize, enrich, detect critical records
 * and bursts, emit metrics, then deliver valid records to the processed (and search)
 * sink and invalid ones to the quarantine. It never throws for a bad record or a
 * failed delivery: the result names the first record not safely delivered.
 */
export async function processRecords(records: readonly InputRecord[], deps: ProcessorDeps): Promise<BatchResult> {
  const { dataset, clock } = deps;
  const nowMs = clock.now();
  const nowIso = new Date(nowMs).toISOString();
  const { validator, serialize } = codecFor(dataset, deps.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS);
  const hasEventId = dataset.fields.some((f) => f.name === 'event_id');

  const accepted: Accepted[] = [];
  const rejected: { index: number; entry: QuarantineEntry }[] = [];
  const reject = (index: number, input: InputRecord, reason: string): void => {
    rejected.push({
      index,
      entry: {
        reason,
        raw: input.data,
        sequence_number: input.sequenceNumber,
        partition_key: input.partitionKey,
        approximate_arrival_time: new Date(Math.round(input.approximateArrivalTimestamp * 1000)).toISOString(),
        quarantined_at: nowIso,
      },
    });
  };

  for (let index = 0; index < records.length; index++) {
    const input = records[index] as InputRecord;
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
    try {
      if (hasEventId && row.event_id === null) row.event_id = contentEventId(dataset.fields, row);
      const derived = dataset.enrich(row);
      for (const f of dataset.derivedFields) row[f.name] = derived[f.name] ?? null;
      row.ingested_at = nowIso;
      row.is_critical = false;
      accepted.push({ index, record: row, plain: decoded.plain, critical: dataset.detectCritical(row), line: '', bytes: 0 });
    } catch (error) {
      // A declaration bug must not fail the batch; the record stays inspectable in the quarantine.
      reject(index, input, `enrichment failed: ${message(error)}`);
    }
  }

  const rule = deps.burstRule === undefined ? burstRuleFor(dataset) : deps.burstRule;
  if (rule !== null) {
    const inBurst = detectBursts(accepted, rule, (r) => Date.parse(String(r[dataset.eventTimeField])));
    for (const i of inBurst) {
      const item = accepted[i];
      if (item !== undefined && item.critical === null) item.critical = `${rule.label}: ${rule.threshold}+ within ${rule.windowMs / 1000} s`;
    }
  }

  const outbound: Accepted[] = [];
  const { metrics } = deps;
  let critical = 0;
  for (const item of accepted) {
    const row = item.record;
    if (item.critical !== null) {
      row.is_critical = true;
      row.critical_reason = truncate(item.critical, CRITICAL_REASON_MAX);
    }
    item.line = serialize(row, item.plain);
    item.bytes = Buffer.byteLength(item.line, 'utf8');
    if (item.bytes > FIREHOSE_LIMITS.maxBytesPerRecord) {
      const input = records[item.index] as InputRecord;
      reject(item.index, input, `record: processed size ${item.bytes} bytes exceeds the Firehose limit of ${FIREHOSE_LIMITS.maxBytesPerRecord}`);
      continue;
    }
    outbound.push(item);
    try {
      metrics.add(dataset.name, dataset.metrics(row));
    } catch {
      // Metrics are best effort: a declaration bug must not block delivery of the record.
    }
    if (item.critical !== null) critical++;
  }
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
  const first = undeliveredSorted[0];

  metrics.flush();

  return {
    valid: outbound.length,
    invalid: rejected.length,
    undelivered: undeliveredSorted,
    firstUndeliveredSequenceNumber: first === undefined ? null : (records[first] as InputRecord).sequenceNumber,
    processed: outbound.map((o) => o.record),
    quarantined: entries,
  };
}
