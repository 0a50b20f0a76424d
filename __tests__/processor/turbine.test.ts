import { processedFields } from '../../datasets/naming';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { lineText } from '../../functions/processor/line-arena';
import type { OutboundRecord, QuarantineEntry } from '../../functions/processor/ports';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { NOW_MS, inputRecord, jsonB64, turbineReading, metricSum } from './factories';

/** Compiled once, as the handler compiles its dataset at cold start. */
const compiled = compileDataset(turbineTelemetry);

/** Runs the core on turbine readings with sinks that accept everything; returns rows, quarantine and EMF lines. */
async function run(readings: readonly Record<string, unknown>[]) {
  const delivered: OutboundRecord[] = [];
  const quarantined: QuarantineEntry[] = [];
  const emf: string[] = [];
  const result = await processRecords(
    readings.map((r) => inputRecord(jsonB64(r), { partitionKey: String(r.turbine_id) })),
    {
      compiled,
      processedSink: { deliver: async (records) => (delivered.push(...records), { undelivered: [] }) },
      quarantineSink: { quarantine: async (entries) => (quarantined.push(...entries), { undelivered: [] }) },
      metrics: new EmfEmitter({ namespace: 'LogTelemetryPipeline/dev', output: (line) => emf.push(line), now: () => NOW_MS }),
      clock: { now: () => NOW_MS },
    },
  );
  return { result, rows: delivered.map((d) => JSON.parse(lineText(d)) as Record<string, unknown>), quarantined, emf };
}

describe('Function: processRecords (turbine telemetry)', () => {
  it('derives expected power, deviation and out-of-range flags from the power curve and limits', async () => {
    // Prepare: rated wind, calm (nothing expected), and beyond cut-out.
    const readings = [
      turbineReading({ wind_speed_ms: 12, power_output_kw: 1800 }),
      turbineReading({ turbine_id: 'WT-002', wind_speed_ms: 2, power_output_kw: -5, nacelle_temp_c: 90 }),
      turbineReading({ turbine_id: 'WT-003', wind_speed_ms: 30, power_output_kw: 0, vibration_mm_s: 8 }),
    ];
    // Act
    const { rows, emf } = await run(readings);
    // Assess
    expect(rows.map((r) => Object.keys(r))).toEqual(readings.map(() => processedFields(turbineTelemetry).map((f) => f.name)));
    expect(rows[0]).toMatchObject({
      expected_power_kw: 2000,
      power_deviation_pct: -10,
      temp_out_of_range: false,
      vibration_out_of_range: false,
    });
    expect(rows[1]).toMatchObject({
      expected_power_kw: 0,
      power_deviation_pct: null,
      temp_out_of_range: true,
      vibration_out_of_range: false,
    });
    expect(rows[2]).toMatchObject({
      expected_power_kw: 0,
      power_deviation_pct: null,
      temp_out_of_range: false,
      vibration_out_of_range: true,
    });
    expect(rows[0]?.reading_time).toBe(new Date(NOW_MS - 5_000).toISOString());
    expect(metricSum(emf, 'OutOfRange')).toBe(2);
    expect(metricSum(emf, 'OutOfRange', { TurbineId: 'WT-002' })).toBe(1);
    expect(metricSum(emf, 'OutOfRange', { TurbineId: 'WT-001' })).toBe(0);
    expect(metricSum(emf, 'Readings', { TurbineId: 'WT-003' })).toBe(1);
    expect(metricSum(emf, 'PowerOutputKw')).toBe(1795);
  });

  it('flags turbine faults as critical and counts them', async () => {
    // Prepare
    const readings = [
      turbineReading({ status: 'fault', fault_code: 'E-PITCH-12', power_output_kw: 0 }),
      turbineReading({ turbine_id: 'WT-002', status: 'fault' }),
      turbineReading({ turbine_id: 'WT-003' }),
    ];
    // Act
    const { rows, emf } = await run(readings);
    // Assess
    expect(rows.map((r) => [r.is_critical, r.critical_reason])).toEqual([
      [true, 'turbine fault E-PITCH-12'],
      [true, 'turbine fault without code'],
      [false, null],
    ]);
    expect(metricSum(emf, 'CriticalErrors')).toBe(2);
    expect(metricSum(emf, 'Faults', { TurbineId: 'WT-001' })).toBe(1);
    expect(metricSum(emf, 'Faults')).toBe(2);
  });

  it('quarantines readings outside the declared bounds with a reason naming the field', async () => {
    // Prepare
    const readings = [
      turbineReading({ wind_speed_ms: 81 }),
      turbineReading({ vibration_mm_s: Number.NaN }),
      turbineReading({ status: 'on fire' }),
    ];
    // Act
    const { result, rows, quarantined, emf } = await run(readings);
    // Assess: NaN is serialized as null by JSON, so it is a missing required field; unknown status stays visible as other.
    expect(quarantined.map((q) => q.reason)).toEqual([
      "field 'wind_speed_ms': must be <= 80, got 81",
      "field 'vibration_mm_s': required, missing",
    ]);
    expect(rows.map((r) => r.status)).toEqual(['other']);
    expect(result).toMatchObject({ valid: 1, invalid: 2 });
    expect(metricSum(emf, 'RecordsInvalid')).toBe(2);
    expect(metricSum(emf, 'RecordsValid')).toBe(1);
  });
});
