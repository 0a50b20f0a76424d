import { accessLogs } from '../datasets/access-logs';
import type { DatasetDeclaration } from '../datasets/dataset';
import { turbineTelemetry } from '../datasets/turbine-telemetry';
import { generateAccessLogs } from './access-log-generator';
import { invalidRecords } from './invalid-records';
import {
  ACCESS_LOG_SCENARIOS,
  TURBINE_SCENARIOS,
  type AccessLogScenario,
  type GeneratedRun,
  type ScenarioWindow,
  type TurbineScenario,
} from './scenarios';
import { generateFromSchema } from './schema-generator';
import { assignTurbineScenarios, simulateTurbine } from './turbine-simulator';

export type Scenario = AccessLogScenario | TurbineScenario;

/**
 * How big a run is. Each generator reads the size in its own unit; the names are the
 * options of `npm run local` that set them.
 */
export interface GenerationSize {
  /** Baseline access-log records over the span (scenarios add theirs). */
  readonly count: number;
  /** Readings per turbine. @default the simulator's: one every 5 simulated seconds */
  readonly readingsPerTurbine?: number;
  /** Records over the span of each dataset the schema-driven generator makes. */
  readonly schemaRecords: number;
}

export interface GenerationRequest {
  readonly seed: number;
  readonly start: Date;
  readonly simulatedDurationMs: number;
  /** Every scenario of the run: each generator plays the ones it knows. */
  readonly scenarios: readonly Scenario[];
  readonly size: GenerationSize;
}

/** A dataset's generator in the local run. */
export interface DatasetGenerator {
  /** Valid records of the run, sorted by event time, and where each scenario was active. */
  readonly generate: (dataset: DatasetDeclaration, request: GenerationRequest) => GeneratedRun<object>;
  /**
   * Whether the run's malformed records (`npm run local -- --invalid`) go into this
   * dataset. The turbines keep none: their quarantine and reconciliation stay empty, so
   * anything found there is a pipeline fault, not the demo.
   */
  readonly takesInvalidRecords: boolean;
}

function byEventTime(field: string): (a: object, b: object) => number {
  return (a, b) => String((a as Record<string, unknown>)[field]).localeCompare(String((b as Record<string, unknown>)[field]));
}

const accessLogGenerator: DatasetGenerator = {
  takesInvalidRecords: true,
  generate: (_dataset, request) =>
    generateAccessLogs({
      seed: request.seed,
      count: request.size.count,
      start: request.start,
      simulatedDurationMs: request.simulatedDurationMs,
      scenarios: ACCESS_LOG_SCENARIOS.filter((s) => request.scenarios.includes(s)),
    }),
};

/**
 * The three turbine apps, each simulated as its own app, their readings merged by event
 * time: the order a live run's shards would hold (docs/local.md, "The simulated clock").
 */
const turbineGenerator: DatasetGenerator = {
  takesInvalidRecords: false,
  generate: (dataset, request) => {
    const records: object[] = [];
    const windows: ScenarioWindow[] = [];
    for (const assignment of assignTurbineScenarios(TURBINE_SCENARIOS.filter((s) => request.scenarios.includes(s)))) {
      const run = simulateTurbine({
        turbineId: assignment.turbineId,
        seed: request.seed,
        start: request.start,
        simulatedDurationMs: request.simulatedDurationMs,
        scenarios: assignment.scenarios,
        ...(request.size.readingsPerTurbine !== undefined ? { count: request.size.readingsPerTurbine } : {}),
      });
      records.push(...run.records);
      windows.push(...run.windows);
    }
    records.sort(byEventTime(dataset.eventTimeField));
    return { records, windows, start: request.start, end: new Date(request.start.getTime() + request.simulatedDurationMs) };
  },
};

/** For a dataset without a hand-written generator: valid records from its declaration alone. */
export const SCHEMA_GENERATOR: DatasetGenerator = {
  takesInvalidRecords: true,
  generate: (dataset, request) =>
    generateFromSchema(dataset, {
      seed: request.seed,
      count: request.size.schemaRecords,
      start: request.start,
      simulatedDurationMs: request.simulatedDurationMs,
    }),
};

/** The hand-written generators, keyed by dataset name; every other dataset gets SCHEMA_GENERATOR. */
export const GENERATORS: Readonly<Record<string, DatasetGenerator>> = {
  [accessLogs.name]: accessLogGenerator,
  [turbineTelemetry.name]: turbineGenerator,
};

export function generatorFor(
  dataset: Pick<DatasetDeclaration, 'name'>,
  registry: Readonly<Record<string, DatasetGenerator>> = GENERATORS,
): DatasetGenerator {
  return registry[dataset.name] ?? SCHEMA_GENERATOR;
}

/** One dataset's records for a run: its generator's, plus `invalid` malformed ones if it takes them, by event time. */
export function generateDataset(dataset: DatasetDeclaration, request: GenerationRequest, invalid: number): GeneratedRun<object> {
  const generator = generatorFor(dataset);
  const run = generator.generate(dataset, request);
  if (!generator.takesInvalidRecords || invalid === 0) return run;
  const records = [...run.records, ...invalidRecords(dataset, run.records, invalid, request.seed)];
  // Stable: a malformed copy sorts after the record it copies, as the run has always sent them.
  records.sort(byEventTime(dataset.eventTimeField));
  return { ...run, records };
}
