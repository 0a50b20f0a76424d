import { InvalidProducerOptionError } from './errors';

export const ACCESS_LOG_SCENARIOS = ['outage', 'spike'] as const;
export const TURBINE_SCENARIOS = ['fault', 'silent'] as const;
export type AccessLogScenario = (typeof ACCESS_LOG_SCENARIOS)[number];
export type TurbineScenario = (typeof TURBINE_SCENARIOS)[number];

const MINUTE_MS = 60_000;

/**
 * Scenario shapes, sized against the alarms in the dataset declarations so a run
 * with a scenario trips its alarm and a run without one does not.
 */
export const SCENARIO_SHAPE = {
  /** critical-errors alarms at >= 20/min for 2 minutes: 5 minutes of >= 30/min leaves margin on both. */
  outageMinutes: 5,
  outageMinCriticalPerMinute: 30,
  /** The usage-spike anomaly band needs 2 x 5-minute periods; 20 minutes at 5x the curve breaches it clearly. */
  spikeMinutes: 20,
  spikeFactor: 5,
  /** out-of-range alarms at 3 per 5 minutes; turbine critical-errors at 1 per minute. */
  faultMinutes: 10,
  /** silent-turbine alarms after 5 minutes of nothing; 15 minutes leaves room for evaluation delay. */
  silentMinutes: 15,
  /** Shortest simulated span that fits the windows with baseline before them. */
  minSimulatedMinutes: 30,
} as const;

/** Where a scenario is active on the simulated clock: [from, to), ISO-8601 UTC. */
export interface ScenarioWindow {
  readonly scenario: AccessLogScenario | TurbineScenario;
  readonly from: string;
  readonly to: string;
  /** The affected region (outage). */
  readonly region?: string;
  /** The affected turbine (fault, silent). */
  readonly turbineId?: string;
}

/**
 * A run generated lazily: `records` yields in event-time order, one record at a time,
 * so a run of any size takes the memory of one record (and of one simulated minute's
 * bookkeeping), not of the whole run. Iterating again gives the same records.
 */
export interface RecordStream<R> {
  readonly records: Iterable<R>;
  /** How many records a full iteration yields, known before generating any. */
  readonly planned: number;
  readonly windows: ScenarioWindow[];
  /** The simulated span [start, end) the event times lie in. */
  readonly start: Date;
  readonly end: Date;
}

/** Records of a run, sorted by event time, with where each scenario was active (a materialized `RecordStream`). */
export interface GeneratedRun<R> {
  readonly records: R[];
  readonly windows: ScenarioWindow[];
  /** The simulated span [start, end) the event times lie in. */
  readonly start: Date;
  readonly end: Date;
}

/** Parses `outage,spike` into known scenario names; unknown names fail naming the option. */
export function parseScenarioList<S extends string>(value: string | undefined, allowed: readonly S[], option: string): S[] {
  if (value === undefined || value.trim() === '') return [];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const result: S[] = [];
  for (const name of names) {
    const known = allowed.find((a) => a === name);
    if (known === undefined) {
      throw new InvalidProducerOptionError(option, `unknown scenario '${name}'; expected a comma-separated list of: ${allowed.join(', ')}`);
    }
    if (!result.includes(known)) result.push(known);
  }
  return result;
}

/** Checks the simulated span can hold the scenario windows. */
export function assertSpanFitsScenarios(simulatedDurationMs: number, scenarioCount: number): void {
  if (!Number.isFinite(simulatedDurationMs) || simulatedDurationMs <= 0) {
    throw new InvalidProducerOptionError('simulatedDurationMs', `got ${simulatedDurationMs}; expected a positive number of milliseconds`);
  }
  const minMs = SCENARIO_SHAPE.minSimulatedMinutes * MINUTE_MS;
  if (scenarioCount > 0 && simulatedDurationMs < minMs) {
    throw new InvalidProducerOptionError(
      'simulatedDurationMs',
      `got ${simulatedDurationMs / MINUTE_MS} simulated minutes; scenarios need at least ${SCENARIO_SHAPE.minSimulatedMinutes}`,
    );
  }
}

/** Window of `minutes` whole minutes starting `offsetMinutes` after `start`. */
export function minuteWindow(start: Date, offsetMinutes: number, minutes: number): { from: Date; to: Date } {
  const from = new Date(start.getTime() + offsetMinutes * MINUTE_MS);
  return { from, to: new Date(from.getTime() + minutes * MINUTE_MS) };
}
