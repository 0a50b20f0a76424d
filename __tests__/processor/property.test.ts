import fc from 'fast-check';
import { accessLogs } from '../../datasets/access-logs';
import type { DatasetDeclaration, MetricName } from '../../datasets/dataset';
import { processedFields } from '../../datasets/naming';
import {
  NACELLE_TEMP_LIMIT_C,
  TURBINE_IDS,
  TURBINE_STATUSES,
  turbineTelemetry,
  VIBRATION_LIMIT_MM_S,
} from '../../datasets/turbine-telemetry';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import { readKinesisRecord } from '../../functions/processor/kinesis-envelope';
import type { BatchInput, DeliveryReport, OutboundRecord, QuarantineEntry, RecordSink } from '../../functions/processor/ports';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { buildRecordValidator } from '../../functions/processor/record-schema';
import { NOW_MS, accessLog, b64, jsonB64, kinesisRecord, metricSum, turbineReading } from './factories';

/** In-memory sink that fails the record indices it is told to. */
class FlakySink implements RecordSink {
  public readonly received: OutboundRecord[] = [];
  public constructor(private readonly fails: (nth: number) => boolean) {}
  public async deliver(records: readonly OutboundRecord[]): Promise<DeliveryReport> {
    const undelivered: number[] = [];
    records.forEach((r, i) => {
      const nth = this.received.length;
      this.received.push(r);
      if (this.fails(nth)) undelivered.push(i);
    });
    return { undelivered };
  }
}

/** How the property below is run for one dataset. */
interface DatasetCase {
  readonly dataset: DatasetDeclaration;
  /** Payloads the processor must accept, with producer text the declaration has to bound, with and without an event id. */
  readonly valid: fc.Arbitrary<Record<string, unknown>>;
  /** Payloads of the dataset's own the processor must quarantine. */
  readonly invalid: readonly Record<string, unknown>[];
  /** A valid payload, carried by the records whose envelope is spoiled. */
  readonly sample: Record<string, unknown>;
  /** The metric each valid record adds 1 to. */
  readonly perRecord: MetricName;
  /** The derived columns of an output row, from its declared columns by a simple reference. @default none checked */
  readonly derived?: (row: Readonly<Record<string, string | number | boolean | null>>) => Record<string, unknown>;
}

/** The payload with its producer's event id, or without one (the processor derives it from the content). */
const withOrWithoutId = (payload: fc.Arbitrary<Record<string, unknown>>, id: unknown): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(payload, fc.boolean()).map(([p, keep]) => ({ ...p, event_id: keep ? id : undefined }));

const accessLogsCase: DatasetCase = {
  dataset: accessLogs,
  valid: withOrWithoutId(
    fc
      .record({
        status_code: fc.integer({ min: 100, max: 599 }),
        latency_ms: fc.integer({ min: 0, max: 600_000 }),
        device_type: fc.constantFrom('web', 'mobile', 'toaster'),
        client_ip: fc.oneof(fc.ipV4(), fc.ipV6()),
        request_path: fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 200 })),
        // Free text, the old in-band marker (U+0000) included: any string is a valid value.
        http_method: fc.oneof(fc.constant('\u0000'), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 })),
        // Producer text that must never become a dimension value of its own.
        error_code: fc.option(
          fc.oneof(fc.constantFrom('NOT_FOUND', 'CDN_EDGE_5XX', ' ', '', '\u0001'), fc.string({ unit: 'binary', maxLength: 64 })),
          { nil: undefined },
        ),
      })
      .map((p) => accessLog(p)),
    accessLog().event_id,
  ),
  invalid: [accessLog({ status_code: 'x' }), accessLog({ client_ip: 'nope' })],
  sample: accessLog(),
  perRecord: 'Requests',
};

/** Any double within the field's declared bounds. */
const within = (name: string): fc.Arbitrary<number> => {
  const field = turbineTelemetry.fields.find((f) => f.name === name);
  return fc.double({ min: field?.min, max: field?.max, noNaN: true });
};
/** Event times from a day ago up to the allowed skew, as epoch ms or ISO text. */
const readingTime = fc
  .integer({ min: NOW_MS - 86_400_000, max: NOW_MS + 299_000 })
  .chain((ms) => fc.constantFrom<unknown>(ms, new Date(ms).toISOString()));

const turbineCase: DatasetCase = {
  dataset: turbineTelemetry,
  valid: withOrWithoutId(
    fc
      .record({
        // Known turbines, an unknown one, and producer text beyond the bound (32) or outside printable ASCII.
        turbine_id: fc.oneof(fc.constantFrom(...TURBINE_IDS, 'WT-999'), fc.string({ unit: 'binary', maxLength: 64 })),
        reading_time: readingTime,
        // The power curve's corners (cut-in, rated, cut-out) drawn exactly, where an off-by-one in a comparison shows.
        wind_speed_ms: fc.oneof(within('wind_speed_ms'), fc.constantFrom(3, 12, 25)),
        rotor_rpm: within('rotor_rpm'),
        power_output_kw: within('power_output_kw'),
        nacelle_temp_c: within('nacelle_temp_c'),
        vibration_mm_s: within('vibration_mm_s'),
        status: fc.oneof(fc.constantFrom(...TURBINE_STATUSES), fc.string({ maxLength: 20 })),
        fault_code: fc.option(fc.string({ unit: 'binary', maxLength: 64 }), { nil: undefined }),
      })
      .map((p) => turbineReading(p)),
    turbineReading().event_id,
  ),
  invalid: [
    turbineReading({ wind_speed_ms: 81 }),
    turbineReading({ turbine_id: undefined }),
    turbineReading({ status: 3 }),
    turbineReading({ reading_time: 'yesterday' }),
    turbineReading({ reading_time: NOW_MS + 3_600_000 }),
  ],
  sample: turbineReading(),
  perRecord: 'Readings',
  // The power curve written out piece by piece: 0 outside cut-in (3 m/s) to cut-out (25 m/s), 2000 kW from rated (12 m/s), cubic between.
  derived: (row) => {
    const wind = Number(row.wind_speed_ms);
    const expected = wind < 3 || wind >= 25 ? 0 : wind >= 12 ? 2000 : (2000 * (wind ** 3 - 27)) / (1728 - 27);
    return {
      expected_power_kw: Math.round(expected * 10) / 10,
      power_deviation_pct: expected > 0 ? Math.round(((Number(row.power_output_kw) - expected) / expected) * 100 * 100) / 100 : null,
      temp_out_of_range: Number(row.nacelle_temp_c) > NACELLE_TEMP_LIMIT_C,
      vibration_out_of_range: Number(row.vibration_mm_s) > VIBRATION_LIMIT_MM_S,
    };
  },
};

/** A Kinesis record whose envelope is spoiled in one of the ways Lambda must survive. */
const spoiledEnvelope = fc.record({
  field: fc.constantFrom('data', 'sequenceNumber', 'approximateArrivalTimestamp', 'partitionKey', 'kinesis'),
  value: fc.constantFrom(undefined, null, '', 42, 'text', 1e300, Number.NaN, [], {}),
});

/** Valid records, invalid payloads (not base64, not an object, not UTF-8, or the dataset's own faults) and spoiled envelopes. */
function batchItem(c: DatasetCase) {
  const invalidData = fc.oneof(
    fc.string().map((s) => `${s}!`),
    fc
      .jsonValue()
      .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
      .map((v) => jsonB64(v)),
    fc.constantFrom(...c.invalid.map((p) => jsonB64(p)), b64(Buffer.from([0xff, 0xfe]))),
  );
  return fc.oneof(
    c.valid.map((p) => ({ valid: true, data: jsonB64(p), spoil: null })),
    invalidData.map((data) => ({ valid: false, data, spoil: null })),
    spoiledEnvelope.map((spoil) => ({ valid: false, data: jsonB64(c.sample), spoil })),
  );
}

/** The record as the handler reads it: a spoiled envelope goes through the same reader. */
function batchInput(it: { data: string; spoil: { field: string; value: unknown } | null }): BatchInput {
  const record = kinesisRecord(it.data) as unknown as Record<string, unknown> & { kinesis: Record<string, unknown> };
  if (it.spoil !== null) {
    if (it.spoil.field === 'kinesis') record.kinesis = it.spoil.value as Record<string, unknown>;
    else if (it.spoil.value === undefined) delete record.kinesis[it.spoil.field];
    else record.kinesis[it.spoil.field] = it.spoil.value;
  }
  return readKinesisRecord(record);
}

describe.each([
  ['access-logs', accessLogsCase],
  ['turbine-telemetry', turbineCase],
])('Function: processRecords on %s (properties)', (_name, c) => {
  it('accounts for every record, outputs only schema-valid rows, serializes them exactly and points at the first undelivered one', async () => {
    const { dataset } = c;
    const columns = processedFields(dataset).map((f) => f.name);
    const enums = processedFields(dataset).flatMap((f) => (f.enum === undefined ? [] : [{ name: f.name, known: f.enum }]));
    // Output rows must pass the schema of the processed table (declared, derived and processing
    // columns) and already be normalized: validating a row again must give back the same row.
    const compiled = compileDataset(dataset);
    const outputCheck = buildRecordValidator({ fields: processedFields(dataset) }, { maxFutureSkewMs: 300_000 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(batchItem(c), { maxLength: 40 }),
        fc.func(fc.boolean()),
        fc.boolean(),
        async (items, failsFn, quarantineFails) => {
          // Prepare
          const records = items.map(batchInput);
          const emf: string[] = [];
          const processedSink = new FlakySink((nth) => failsFn(nth));
          let quarantined: readonly QuarantineEntry[] = [];
          // Act
          const result = await processRecords(records, {
            compiled,
            processedSink,
            quarantineSink: {
              quarantine: async (entries) => {
                quarantined = entries;
                return { undelivered: quarantineFails ? entries.map((_, i) => i) : [] };
              },
            },
            metrics: new EmfEmitter({ namespace: 'test', output: (line) => emf.push(line) }),
            clock: { now: () => NOW_MS },
          });
          // Assess
          expect(result.valid + result.invalid).toBe(records.length);
          // A spoiled envelope can still be well-formed (a string where a string belongs): its record is then
          // valid unless the spoiled field is the payload itself.
          const expectValid = items.map(
            (it, i) => it.valid || (it.spoil !== null && it.spoil.field !== 'data' && !('malformed' in (records[i] as BatchInput))),
          );
          expect(result.valid).toBe(expectValid.filter(Boolean).length);
          for (const line of emf) {
            const doc = JSON.parse(line) as Record<string, unknown>;
            for (const [dimension, values] of Object.entries(dataset.dimensionValues ?? {}))
              if (dimension in doc) expect(values).toContain(doc[dimension]);
          }
          expect(quarantined).toHaveLength(result.invalid);
          const lines = result.outbound.map(lineText);
          const rows = lines.map((line) => JSON.parse(line) as Record<string, string | number | boolean | null>);
          for (const row of rows) {
            expect(Object.keys(row)).toEqual(columns);
            if (c.derived !== undefined) expect(row).toMatchObject(c.derived(row));
            expect(outputCheck.validate(row, NOW_MS)).toEqual({ ok: true, record: row });
            for (const { name, known } of enums) if (row[name] !== null) expect(known).toContain(row[name]);
          }
          // Sinks get the lines the result reports, each exactly what JSON.stringify writes for its row.
          expect(processedSink.received.map(lineText)).toEqual(lines);
          rows.forEach((row, i) => expect(`${JSON.stringify(row)}\n`).toBe(lines[i]));
          for (const out of result.outbound) expect(out.bytes).toBe(Buffer.byteLength(lineText(out)));
          const validIndices = items.flatMap((_, i) => (expectValid[i] === true ? [i] : []));
          const invalidIndices = items.flatMap((_, i) => (expectValid[i] === true ? [] : [i]));
          const expectedUndelivered = [...validIndices.filter((_, nth) => failsFn(nth)), ...(quarantineFails ? invalidIndices : [])].sort(
            (a, b) => a - b,
          );
          expect(result.undelivered).toEqual(expectedUndelivered);
          // The response can only name records with a usable sequence number; the others make the handler fail the batch.
          const first = expectedUndelivered.find((i) => records[i]?.sequenceNumber !== null);
          expect(result.firstUndeliveredSequenceNumber).toBe(first === undefined ? null : records[first]?.sequenceNumber);
          expect(result.undeliveredWithoutSequenceNumber).toBe(
            expectedUndelivered.filter((i) => records[i]?.sequenceNumber === null).length,
          );
          // Metrics count each record once over the invocation and Lambda's retry: only the records
          // before the checkpoint now, none when the whole batch fails.
          const counted = metricSum(emf, 'RecordsValid') + metricSum(emf, 'RecordsInvalid');
          const unnamed = expectedUndelivered.some((i) => records[i]?.sequenceNumber === null);
          expect(counted).toBe(unnamed ? 0 : (first ?? records.length));
          expect(metricSum(emf, c.perRecord)).toBe(unnamed ? 0 : validIndices.filter((i) => i < (first ?? records.length)).length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
