import {
  expectedPowerKw,
  NACELLE_TEMP_LIMIT_C,
  TURBINE_IDS,
  turbineTelemetry,
  VIBRATION_LIMIT_MM_S,
} from '../../datasets/turbine-telemetry';
import { recordShapeProblems } from '../../producers/record-shape';
import { assignTurbineScenarios, simulateTurbine } from '../../producers/turbine-simulator';

const START = new Date('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;

describe('Function: simulateTurbine', () => {
  it('produces declared fields only, every 5 simulated seconds, following the power curve', () => {
    // Act
    const { records } = simulateTurbine({ turbineId: 'WT-001', seed: 42, start: START, simulatedDurationMs: HOUR });

    // Assess
    expect(records).toHaveLength(720);
    for (const r of records) {
      expect(recordShapeProblems(turbineTelemetry, r)).toEqual([]);
      expect(r.status).toBe('ok');
      expect(r.nacelle_temp_c).toBeLessThan(NACELLE_TEMP_LIMIT_C);
      expect(r.vibration_mm_s).toBeLessThan(VIBRATION_LIMIT_MM_S);
      const expected = expectedPowerKw(r.wind_speed_ms);
      if (expected > 100) expect(Math.abs(r.power_output_kw - expected) / expected).toBeLessThan(0.15);
      if (expected === 0) expect(r.power_output_kw).toBeLessThanOrEqual(0);
    }
    expect(Date.parse(records[1].reading_time) - Date.parse(records[0].reading_time)).toBe(5000);
  });

  it('walks the wind: consecutive readings are close, the hour is not flat', () => {
    // Act
    const winds = simulateTurbine({ turbineId: 'WT-001', seed: 3, start: START, simulatedDurationMs: HOUR }).records.map(
      (r) => r.wind_speed_ms,
    );

    // Assess
    const steps = winds.slice(1).map((w, i) => Math.abs(w - winds[i]));
    expect(Math.max(...steps)).toBeLessThan(4);
    expect(Math.max(...winds) - Math.min(...winds)).toBeGreaterThan(1);
  });

  it('gives each turbine its own deterministic series from one seed', () => {
    // Act
    const [a, b] = TURBINE_IDS.map((turbineId) => simulateTurbine({ turbineId, seed: 7, start: START, simulatedDurationMs: HOUR }).records);
    const again = simulateTurbine({ turbineId: TURBINE_IDS[0], seed: 7, start: START, simulatedDurationMs: HOUR }).records;

    // Assess
    expect(again).toEqual(a);
    expect(b[0].wind_speed_ms).not.toBe(a[0].wind_speed_ms);
    expect(new Set(b.map((r) => r.turbine_id))).toEqual(new Set([TURBINE_IDS[1]]));
  });

  it('fault: over-temperature and vibration readings with status fault and a code, inside its window only', () => {
    // Act
    const { records, windows } = simulateTurbine({
      turbineId: 'WT-002',
      seed: 1,
      start: START,
      simulatedDurationMs: HOUR,
      scenarios: ['fault'],
    });
    const [fault] = windows;
    const inside = records.filter((r) => r.reading_time >= fault.from && r.reading_time < fault.to);

    // Assess
    expect(fault).toEqual({ scenario: 'fault', turbineId: 'WT-002', from: '2026-03-02T10:30:00.000Z', to: '2026-03-02T10:40:00.000Z' });
    expect(inside).toHaveLength(120);
    for (const r of inside) {
      expect(r.status).toBe('fault');
      expect(['DRIVETRAIN_VIBRATION_HIGH', 'NACELLE_OVERTEMP']).toContain(r.fault_code);
      expect(r.nacelle_temp_c).toBeGreaterThan(NACELLE_TEMP_LIMIT_C);
      expect(r.vibration_mm_s).toBeGreaterThan(VIBRATION_LIMIT_MM_S);
      expect(recordShapeProblems(turbineTelemetry, r)).toEqual([]);
    }
    expect(records.filter((r) => r.status === 'fault')).toHaveLength(120);
  });

  it('silent: no readings for the last 15 simulated minutes', () => {
    // Act
    const { records, windows } = simulateTurbine({
      turbineId: 'WT-003',
      seed: 1,
      start: START,
      simulatedDurationMs: HOUR,
      scenarios: ['silent'],
    });

    // Assess
    expect(windows).toEqual([
      { scenario: 'silent', turbineId: 'WT-003', from: '2026-03-02T10:45:00.000Z', to: '2026-03-02T11:00:00.000Z' },
    ]);
    expect(records).toHaveLength(540);
    expect(records[records.length - 1].reading_time < '2026-03-02T10:45:00.000Z').toBe(true);
  });
});

describe('Function: assignTurbineScenarios', () => {
  it('gives fault and silent to one turbine each, the third plays none', () => {
    // Act
    const plan = assignTurbineScenarios(['fault', 'silent']);

    // Assess
    expect(plan).toEqual([
      { turbineId: 'WT-001', scenarios: [] },
      { turbineId: 'WT-002', scenarios: ['fault'] },
      { turbineId: 'WT-003', scenarios: ['silent'] },
    ]);
    expect(() => assignTurbineScenarios(['fault'], 'WT-009')).toThrow(
      "faultTurbine: unknown turbine 'WT-009'; expected one of WT-001, WT-002, WT-003",
    );
  });
});
