import { defineDataset, type Row } from './define-dataset';

/** Power curve of the simulated 2 MW turbine class (IEC class II). */
export const POWER_CURVE = {
  cutInMs: 3,
  ratedMs: 12,
  cutOutMs: 25,
  ratedPowerKw: 2000,
} as const;

/** Nacelle temperature above which the turbine derates (manufacturer limit). */
export const NACELLE_TEMP_LIMIT_C = 85;
/** ISO 10816-21 zone C/D boundary for large wind turbines: damage likely above it. */
export const VIBRATION_LIMIT_MM_S = 7.1;

export const TURBINE_IDS = ['WT-001', 'WT-002', 'WT-003'] as const;
export const TURBINE_STATUSES = ['ok', 'curtailed', 'maintenance', 'fault', 'other'] as const;

/** Expected electrical output for a wind speed: zero below cut-in and above cut-out, cubic up to rated, flat at rated. */
export function expectedPowerKw(windSpeedMs: number): number {
  const { cutInMs, ratedMs, cutOutMs, ratedPowerKw } = POWER_CURVE;
  if (windSpeedMs < cutInMs || windSpeedMs >= cutOutMs) return 0;
  if (windSpeedMs >= ratedMs) return ratedPowerKw;
  const share = (windSpeedMs ** 3 - cutInMs ** 3) / (ratedMs ** 3 - cutInMs ** 3);
  return ratedPowerKw * share;
}

/** The TurbineId dimension of every turbine metric. */
const turbineId = (record: Row<'turbine_id'>): string => String(record.turbine_id);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const turbineTelemetry = defineDataset({
  name: 'turbine-telemetry',
  description: 'Readings from the three wind-turbine simulator apps.',
  fields: [
    {
      name: 'event_id',
      type: 'string',
      required: false,
      format: 'uuid',
      description: 'Producer-assigned UUID; stable across producer retries.',
    },
    { name: 'turbine_id', type: 'string', maxLength: 32, description: 'Turbine identifier, e.g. WT-001.' },
    { name: 'reading_time', type: 'timestamp', description: 'When the reading was taken (ISO-8601 or epoch milliseconds on input).' },
    { name: 'wind_speed_ms', type: 'double', min: 0, max: 80, description: 'Hub-height wind speed, m/s.' },
    { name: 'rotor_rpm', type: 'double', min: 0, max: 60, description: 'Rotor speed, revolutions per minute.' },
    {
      name: 'power_output_kw',
      type: 'double',
      min: -500,
      max: 10_000,
      description: 'Active power output, kW (negative while idling on grid power).',
    },
    { name: 'nacelle_temp_c', type: 'double', min: -60, max: 200, description: 'Nacelle temperature, degrees Celsius.' },
    { name: 'vibration_mm_s', type: 'double', min: 0, max: 200, description: 'Drive-train vibration velocity RMS, mm/s.' },
    { name: 'status', type: 'string', enum: TURBINE_STATUSES, description: 'Operating status reported by the controller.' },
    { name: 'fault_code', type: 'string', required: false, maxLength: 32, description: 'Controller fault code, when status is fault.' },
  ],
  eventTimeField: 'reading_time',
  eventIdField: 'event_id',
  partitionKeyField: 'turbine_id',
  derivedFields: [
    { name: 'expected_power_kw', type: 'double', description: 'Power the curve predicts for the wind speed.' },
    {
      name: 'power_deviation_pct',
      type: 'double',
      required: false,
      description: 'Output vs expected, percent; null when nothing is expected.',
    },
    { name: 'temp_out_of_range', type: 'boolean', description: `Nacelle temperature above ${NACELLE_TEMP_LIMIT_C} C.` },
    { name: 'vibration_out_of_range', type: 'boolean', description: `Vibration above ${VIBRATION_LIMIT_MM_S} mm/s.` },
  ],
  enrich: (record) => {
    const expected = expectedPowerKw(Number(record.wind_speed_ms));
    const actual = Number(record.power_output_kw);
    return {
      expected_power_kw: round(expected, 1),
      power_deviation_pct: expected > 0 ? round(((actual - expected) / expected) * 100, 2) : null,
      temp_out_of_range: Number(record.nacelle_temp_c) > NACELLE_TEMP_LIMIT_C,
      vibration_out_of_range: Number(record.vibration_mm_s) > VIBRATION_LIMIT_MM_S,
    };
  },
  detectCritical: (record) => {
    if (record.status === 'fault') return `turbine fault ${typeof record.fault_code === 'string' ? record.fault_code : 'without code'}`;
    if (typeof record.fault_code === 'string' && record.fault_code.length > 0) return `turbine fault ${record.fault_code}`;
    return null;
  },
  metrics: [
    { name: 'Readings', unit: 'Count', dimensions: { TurbineId: turbineId } },
    { name: 'PowerOutputKw', unit: 'None', value: (r) => Number(r.power_output_kw), dimensions: { TurbineId: turbineId } },
    {
      name: 'OutOfRange',
      unit: 'Count',
      when: (r) => r.temp_out_of_range === true || r.vibration_out_of_range === true,
      dimensions: { TurbineId: turbineId },
    },
    { name: 'Faults', unit: 'Count', when: (r) => r.status === 'fault', dimensions: { TurbineId: turbineId } },
  ],
  dimensionValues: { TurbineId: [...TURBINE_IDS, 'other'] },
  expectedSources: TURBINE_IDS,
  retention: {
    streamHours: 24,
    rawGlacierAfterDays: 180,
    rawExpireAfterDays: 730,
    processedExpireAfterDays: 1825,
    quarantineExpireAfterDays: 30,
  },
  alarms: [
    {
      kind: 'threshold',
      id: 'critical-errors',
      metric: 'CriticalErrors',
      statistic: 'Sum',
      periodSeconds: 60,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      reason:
        'Every turbine fault needs an operator: a faulted turbine produces nothing and may be damaged, so one fault in a minute alarms.',
    },
    {
      kind: 'silence',
      id: 'silent-turbine',
      metric: 'Readings',
      statistic: 'SampleCount',
      periodSeconds: 60,
      evaluationPeriods: 5,
      sourceDimension: 'TurbineId',
      reason: 'Simulators send every few seconds; five minutes without a reading means the turbine or its link is down, not a hiccup.',
    },
    {
      kind: 'threshold',
      id: 'out-of-range',
      metric: 'OutOfRange',
      statistic: 'Sum',
      periodSeconds: 300,
      evaluationPeriods: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 3,
      reason: `Temperature above ${NACELLE_TEMP_LIMIT_C} C or vibration above ${VIBRATION_LIMIT_MM_S} mm/s three times in 5 minutes is a trend, not sensor noise.`,
    },
  ],
});
