import { ACCESS_LOG_SCENARIOS, SCENARIO_SHAPE, TURBINE_SCENARIOS, type AccessLogScenario, type TurbineScenario } from '../producers/scenarios';
import { accessLogs } from '../datasets/access-logs';
import { DATASETS } from '../datasets/registry';
import { validateDatasets } from '../datasets/validate-dataset';
import { ANOMALY_MODEL } from './anomaly-band';
import { LocalOptionError } from './errors';
import type { ProgressOutput } from './progress';

export interface LocalRunOptions {
  /** Root of the local lake; emptied at the start. @default '.local' */
  readonly dataDir?: string;
  /** Environment whose config names the resources and sets the processor. @default 'dev' */
  readonly env?: string;
  /** The same seed gives the same records. @default 42 */
  readonly seed?: number;
  /** Baseline access-log records over the span (scenarios add theirs). @default 30000 */
  readonly count?: number;
  /** Readings per turbine. @default one every 5 simulated seconds */
  readonly readingsPerTurbine?: number;
  /** Simulated span, minutes. @default 180 */
  readonly simulatedMinutes?: number;
  /** @default ['outage', 'spike'] */
  readonly accessLogScenarios?: readonly AccessLogScenario[];
  /** @default ['fault', 'silent'] */
  readonly turbineScenarios?: readonly TurbineScenario[];
  /** Malformed access-log records mixed in, to show the quarantine. @default 0 */
  readonly invalidRecords?: number;
  /** Shards per stream (the stacks use ON_DEMAND; kinesalite needs a count). @default 2 */
  readonly shardCount?: number;
  /** The processed Firehose refuses every call for this simulated window (from a minute after the start, for some seconds). @default none */
  readonly firehoseOutage?: { readonly fromMinute: number; readonly seconds: number };
  /** Apply the migrations and run every saved query. @default true */
  readonly queries?: boolean;
  /** Write `<dataDir>/report.html`. @default true */
  readonly report?: boolean;
  /** Progress display. @default none */
  readonly progress?: ProgressOutput;
  /** Receives the printed output (tables, alerts, summary). @default none */
  readonly print?: (text: string) => void;
  /** Wall clock of the run (the simulated span ends before it). @default Date.now */
  readonly now?: () => number;
}

export type ResolvedRunOptions = Required<Omit<LocalRunOptions, 'firehoseOutage' | 'progress' | 'readingsPerTurbine'>> &
  Pick<LocalRunOptions, 'firehoseOutage' | 'progress' | 'readingsPerTurbine'>;

/** Where the producers start the spike: at 10 % of the span (docs/producers.md, "Scenarios"). */
const SPIKE_START_FRACTION = 0.1;

/**
 * Shortest span in which the usage-spike rule can see the spike: the anomaly band
 * needs its warm-up periods before the spike starts, or the spike is never judged.
 */
export function minimumSpikeMinutes(): number {
  const periods = accessLogs.alarms.filter((r) => r.kind === 'anomaly').map((r) => r.periodSeconds / 60);
  return Math.ceil((ANOMALY_MODEL.minTrainingPeriods * Math.max(0, ...periods)) / SPIKE_START_FRACTION);
}

function integer(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new LocalOptionError(option, `got ${value}; expected an integer from ${min} to ${max}`);
  return value;
}

/** Validates the dataset declarations, fills in the defaults and checks every option, naming the first bad one. */
export function resolveRunOptions(options: LocalRunOptions = {}): ResolvedRunOptions {
  // The declarations first: a bad one refuses the run (exit 3) with every problem listed.
  validateDatasets(DATASETS);
  const accessLogScenarios = options.accessLogScenarios ?? ACCESS_LOG_SCENARIOS;
  const turbineScenarios = options.turbineScenarios ?? TURBINE_SCENARIOS;
  const simulatedMinutes = integer('simulatedMinutes', options.simulatedMinutes ?? 180, 10, 7 * 24 * 60);
  if (accessLogScenarios.length + turbineScenarios.length > 0 && simulatedMinutes < SCENARIO_SHAPE.minSimulatedMinutes) {
    throw new LocalOptionError('simulatedMinutes', `got ${simulatedMinutes}; scenarios need at least ${SCENARIO_SHAPE.minSimulatedMinutes} simulated minutes`);
  }
  if (accessLogScenarios.includes('spike') && simulatedMinutes < minimumSpikeMinutes()) {
    throw new LocalOptionError(
      'simulatedMinutes',
      `got ${simulatedMinutes}; the spike scenario needs at least ${minimumSpikeMinutes()} simulated minutes (it starts at 10 % of the span, after the anomaly band's ${ANOMALY_MODEL.minTrainingPeriods}-period warm-up)`,
    );
  }
  if (options.firehoseOutage !== undefined) {
    const { fromMinute, seconds } = options.firehoseOutage;
    if (!(fromMinute >= 0 && seconds > 0 && fromMinute * 60 + seconds <= simulatedMinutes * 60)) {
      throw new LocalOptionError('firehoseOutage', `got ${seconds} seconds from minute ${fromMinute}; expected a window inside the ${simulatedMinutes}-minute span`);
    }
  }
  return {
    dataDir: options.dataDir ?? '.local',
    env: options.env ?? 'dev',
    seed: integer('seed', options.seed ?? 42, 0, 2 ** 31 - 1),
    count: integer('count', options.count ?? 30_000, 0, 10_000_000),
    ...(options.readingsPerTurbine !== undefined ? { readingsPerTurbine: integer('readingsPerTurbine', options.readingsPerTurbine, 0, 1_000_000) } : {}),
    simulatedMinutes,
    accessLogScenarios,
    turbineScenarios,
    invalidRecords: integer('invalidRecords', options.invalidRecords ?? 0, 0, 100_000),
    shardCount: integer('shardCount', options.shardCount ?? 2, 1, 50),
    ...(options.firehoseOutage !== undefined ? { firehoseOutage: options.firehoseOutage } : {}),
    queries: options.queries ?? true,
    report: options.report ?? true,
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    print: options.print ?? (() => undefined),
    now: options.now ?? Date.now,
  };
}
