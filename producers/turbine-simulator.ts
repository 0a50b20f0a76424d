import {
  expectedPowerKw,
  NACELLE_TEMP_LIMIT_C,
  POWER_CURVE,
  TURBINE_IDS,
  TURBINE_STATUSES,
  turbineTelemetry,
  VIBRATION_LIMIT_MM_S,
} from '../datasets/turbine-telemetry';
import type { InputRecordOf } from '../datasets/define-dataset';
import { InvalidProducerOptionError } from './errors';
import {
  assertSpanFitsScenarios,
  minuteWindow,
  SCENARIO_SHAPE,
  type GeneratedRun,
  type RecordStream,
  type ScenarioWindow,
  type TurbineScenario,
} from './scenarios';
import { deriveSeed, SeededRandom } from './seeded-random';
import { defaultStart } from './simulated-span';

const MINUTE_MS = 60_000;

export type TurbineStatus = (typeof TURBINE_STATUSES)[number];

/** One reading, derived from the `turbine-telemetry` declaration; the simulator always sets the event id. */
export type TurbineReading = InputRecordOf<typeof turbineTelemetry> & { readonly event_id: string };

export interface TurbineSimulationOptions {
  readonly turbineId: string;
  /** Combined with the turbine id, so three turbines with one seed still differ. */
  readonly seed: number;
  /** @default 3_600_000 (one hour) */
  readonly simulatedDurationMs?: number;
  /** @default now - simulatedDurationMs, floored to the minute */
  readonly start?: Date;
  /**
   * Readings over the span; the interval is span / count.
   * @default one reading every 5 simulated seconds
   */
  readonly count?: number;
  /** Scenarios this turbine plays. @default [] */
  readonly scenarios?: readonly TurbineScenario[];
}

/** Mean-reverting random walk (Ornstein-Uhlenbeck): gusty, but it does not drift off to 0 or 40 m/s. */
const WIND = { reversionPerSecond: 1 / 1800, volatility: 0.1, gustStd: 0.4, max: 40 } as const;
const MAX_RPM = 16;

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Rotor speed of a variable-speed turbine: idling below cut-in, tracking the wind to rated, feathered above cut-out. */
function rotorRpm(r: SeededRandom, wind: number): number {
  if (wind >= POWER_CURVE.cutOutMs) return r.between(0, 0.5);
  if (wind < POWER_CURVE.cutInMs) return r.between(0, 2);
  const share = Math.min(1, (wind - POWER_CURVE.cutInMs) / (POWER_CURVE.ratedMs - POWER_CURVE.cutInMs));
  return 6 + share * (MAX_RPM - 6) + r.normal() * 0.2;
}

/** Electrical output: the declared power curve with a few percent of noise; a small draw while idling. */
function powerKw(r: SeededRandom, wind: number): number {
  const expected = expectedPowerKw(wind);
  if (expected === 0) return wind < POWER_CURVE.cutInMs ? -r.between(5, 15) : 0;
  return Math.min(POWER_CURVE.ratedPowerKw * 1.02, expected * (1 + r.normal() * 0.03));
}

/** Ambient air swings over the day; the nacelle heats with load. */
function ambientC(timeMs: number): number {
  const hour = new Date(timeMs).getUTCHours() + new Date(timeMs).getUTCMinutes() / 60;
  return 12 + 5 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/**
 * Simulates one turbine's readings on a simulated clock. Pure: the same options
 * give the same readings. `fault` overheats and shakes the drive train for
 * ten minutes in the middle of the span; `silent` drops the last fifteen minutes.
 */
export function simulateTurbine(options: TurbineSimulationOptions): GeneratedRun<TurbineReading> {
  const stream = streamTurbine(options);
  return { records: [...stream.records], windows: stream.windows, start: stream.start, end: stream.end };
}

/** `simulateTurbine`, yielded lazily in event-time order: memory of one reading, whatever `count`. */
export function streamTurbine(options: TurbineSimulationOptions): RecordStream<TurbineReading> {
  const durationMs = options.simulatedDurationMs ?? 3_600_000;
  const scenarios = options.scenarios ?? [];
  if (options.turbineId.length === 0 || options.turbineId.length > 32) {
    throw new InvalidProducerOptionError('turbineId', `got '${options.turbineId}'; expected 1 to 32 characters`);
  }
  assertSpanFitsScenarios(durationMs, scenarios.length);
  const count = options.count ?? Math.floor(durationMs / 5_000);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidProducerOptionError('count', `got ${count}; expected a non-negative integer`);
  }
  const start = options.start ?? defaultStart(durationMs);
  const startMs = start.getTime();
  const minutes = Math.ceil(durationMs / MINUTE_MS);
  const windows: ScenarioWindow[] = [];
  const fault = scenarios.includes('fault') ? minuteWindow(start, Math.floor(minutes / 2), SCENARIO_SHAPE.faultMinutes) : undefined;
  const silent = scenarios.includes('silent')
    ? minuteWindow(start, minutes - SCENARIO_SHAPE.silentMinutes, SCENARIO_SHAPE.silentMinutes)
    : undefined;
  if (fault) windows.push({ scenario: 'fault', turbineId: options.turbineId, from: fault.from.toISOString(), to: fault.to.toISOString() });
  if (silent)
    windows.push({ scenario: 'silent', turbineId: options.turbineId, from: silent.from.toISOString(), to: silent.to.toISOString() });

  const intervalMs = count > 0 ? durationMs / count : durationMs;
  const timeOf = (i: number): number => Math.floor(startMs + i * intervalMs);
  let planned = count;
  if (silent) {
    planned = 0;
    while (planned < count && timeOf(planned) < silent.from.getTime()) planned += 1;
  }
  function* records(): Generator<TurbineReading> {
    const r = new SeededRandom(deriveSeed(options.seed, options.turbineId));
    let wind = 6 + r.between(0, 5);
    for (let i = 0; i < count; i++) {
      const timeMs = timeOf(i);
      const dt = intervalMs / 1000;
      wind += WIND.reversionPerSecond * (8.5 - wind) * dt + WIND.volatility * Math.sqrt(dt) * r.normal();
      wind = Math.min(WIND.max, Math.max(0, wind));
      const measuredWind = Math.min(WIND.max, Math.max(0, wind + r.normal() * WIND.gustStd));
      const eventId = r.uuid();
      // Times ascend: once silent, silent for the rest of the span.
      if (silent && timeMs >= silent.from.getTime()) return;

      const base = {
        event_id: eventId,
        turbine_id: options.turbineId,
        reading_time: new Date(timeMs).toISOString(),
        wind_speed_ms: round(measuredWind, 2),
      };
      if (fault && timeMs >= fault.from.getTime() && timeMs < fault.to.getTime()) {
        // A failing main bearing: vibration first, then the heat it makes; the controller has stopped the rotor.
        const progress = (timeMs - fault.from.getTime()) / (fault.to.getTime() - fault.from.getTime());
        yield {
          ...base,
          rotor_rpm: round(r.between(0, 1.5), 2),
          power_output_kw: round(-r.between(5, 15), 1),
          nacelle_temp_c: round(NACELLE_TEMP_LIMIT_C + 3 + progress * 20 + r.between(0, 2), 1),
          vibration_mm_s: round(VIBRATION_LIMIT_MM_S + 1 + r.between(0, 5), 2),
          status: 'fault',
          fault_code: progress < 0.5 ? 'DRIVETRAIN_VIBRATION_HIGH' : 'NACELLE_OVERTEMP',
        };
        continue;
      }
      const rpm = Math.max(0, rotorRpm(r, measuredWind));
      const power = powerKw(r, measuredWind);
      const load = Math.max(0, power) / POWER_CURVE.ratedPowerKw;
      yield {
        ...base,
        rotor_rpm: round(rpm, 2),
        power_output_kw: round(power, 1),
        nacelle_temp_c: round(ambientC(timeMs) + 30 * load + r.normal() * 0.8, 1),
        vibration_mm_s: round(0.8 + 2.8 * (rpm / MAX_RPM) + Math.abs(r.normal()) * 0.3, 2),
        status: 'ok',
      };
    }
  }
  return { records: { [Symbol.iterator]: records }, planned, windows, start, end: new Date(startMs + durationMs) };
}

export interface TurbineAssignment {
  readonly turbineId: string;
  readonly scenarios: TurbineScenario[];
}

/**
 * Which turbine plays which scenario: one turbine each, so the others show the
 * alarms do not fire on healthy turbines.
 * @param faultTurbine @default 'WT-002'
 * @param silentTurbine @default 'WT-003'
 */
export function assignTurbineScenarios(
  scenarios: readonly TurbineScenario[],
  faultTurbine: string = TURBINE_IDS[1],
  silentTurbine: string = TURBINE_IDS[2],
  turbineIds: readonly string[] = TURBINE_IDS,
): TurbineAssignment[] {
  for (const [option, id] of [
    ['faultTurbine', faultTurbine],
    ['silentTurbine', silentTurbine],
  ] as const) {
    if (!turbineIds.includes(id))
      throw new InvalidProducerOptionError(option, `unknown turbine '${id}'; expected one of ${turbineIds.join(', ')}`);
  }
  return turbineIds.map((turbineId) => ({
    turbineId,
    scenarios: scenarios.filter((s) => (s === 'fault' && turbineId === faultTurbine) || (s === 'silent' && turbineId === silentTurbine)),
  }));
}
