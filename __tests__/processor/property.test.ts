import fc from 'fast-check';
import { accessLogs } from '../../datasets/access-logs';
import { processedFields } from '../../datasets/naming';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import type { DeliveryReport, OutboundRecord, QuarantineEntry, RecordSink } from '../../functions/processor/ports';
import { processRecords } from '../../functions/processor/process-records';
import { buildRecordValidator } from '../../functions/processor/record-schema';
import { NOW_MS, accessLog, b64, inputRecord, jsonB64 } from './factories';

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

const validPayload = fc.record({
  status_code: fc.integer({ min: 100, max: 599 }),
  latency_ms: fc.integer({ min: 0, max: 600_000 }),
  device_type: fc.constantFrom('web', 'mobile', 'toaster'),
  client_ip: fc.oneof(fc.ipV4(), fc.ipV6()),
  request_path: fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 200 })),
  has_id: fc.boolean(),
});

const invalidData = fc.oneof(
  fc.string().map((s) => `${s}!`),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => jsonB64(v)),
  fc.constantFrom(jsonB64(accessLog({ status_code: 'x' })), jsonB64(accessLog({ client_ip: 'nope' })), b64(Buffer.from([0xff, 0xfe]))),
);

const item = fc.oneof(
  validPayload.map((p) => ({ valid: true, data: jsonB64(accessLog({ ...p, has_id: undefined, event_id: p.has_id ? undefined : accessLog().event_id })) })),
  invalidData.map((data) => ({ valid: false, data })),
);

describe('Function: processRecords (properties)', () => {
  it('accounts for every record, outputs only schema-valid rows, serializes them exactly and points at the first undelivered one', async () => {
    const columns = processedFields(accessLogs).map((f) => f.name);
    const enums = processedFields(accessLogs).flatMap((f) => (f.enum === undefined ? [] : [{ name: f.name, known: f.enum }]));
    // Output rows must pass the schema of the processed table (declared, derived and processing
    // columns) and already be normalized: validating a row again must give back the same row.
    const outputCheck = buildRecordValidator({ fields: processedFields(accessLogs) }, { maxFutureSkewMs: 300_000 });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 40 }), fc.func(fc.boolean()), fc.boolean(), async (items, failsFn, quarantineFails) => {
        // Prepare
        const records = items.map((i) => inputRecord(i.data));
        const processedSink = new FlakySink((nth) => failsFn(nth));
        let quarantined: readonly QuarantineEntry[] = [];
        // Act
        const result = await processRecords(records, {
          dataset: accessLogs,
          processedSink,
          quarantineSink: {
            quarantine: async (entries) => {
              quarantined = entries;
              return { undelivered: quarantineFails ? entries.map((_, i) => i) : [] };
            },
          },
          metrics: new EmfEmitter({ namespace: 'test', output: () => undefined }),
          clock: { now: () => NOW_MS },
        });
        // Assess
        expect(result.valid + result.invalid).toBe(records.length);
        expect(result.valid).toBe(items.filter((i) => i.valid).length);
        expect(quarantined).toHaveLength(result.invalid);
        const lines = result.outbound.map(lineText);
        const rows = lines.map((line) => JSON.parse(line) as Record<string, string | number | boolean | null>);
        for (const row of rows) {
          expect(Object.keys(row)).toEqual(columns);
          expect(outputCheck.validate(row, NOW_MS)).toEqual({ ok: true, record: row });
          for (const { name, known } of enums) if (row[name] !== null) expect(known).toContain(row[name]);
        }
        // Sinks get the lines the result reports, each exactly what JSON.stringify writes for its row.
        expect(processedSink.received.map(lineText)).toEqual(lines);
        rows.forEach((row, i) => expect(`${JSON.stringify(row)}\n`).toBe(lines[i]));
        for (const out of result.outbound) expect(out.bytes).toBe(Buffer.byteLength(lineText(out)));
        const validIndices = items.flatMap((it, i) => (it.valid ? [i] : []));
        const invalidIndices = items.flatMap((it, i) => (it.valid ? [] : [i]));
        const expectedUndelivered = [
          ...validIndices.filter((_, nth) => failsFn(nth)),
          ...(quarantineFails ? invalidIndices : []),
        ].sort((a, b) => a - b);
        expect(result.undelivered).toEqual(expectedUndelivered);
        const first = expectedUndelivered[0];
        expect(result.firstUndeliveredSequenceNumber).toBe(first === undefined ? null : records[first]?.sequenceNumber);
      }),
      { numRuns: 150 },
    );
  });
});
