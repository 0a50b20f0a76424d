import type { ScenarioWindow } from '../producers/scenarios';
import type { Alert, RuleEvaluation } from './alarm-evaluator';
import type { PollerStats } from './event-source-poller';
import type { HealthAlert, HealthEvaluation } from './health-alarms';
import type { LakeCounts } from './lake-inspector';
import type { Stage } from './run-stages';
import type { AlertAttribution } from './scenario-alarms';
import type { Cell } from './text-table';

/** What `runLocal` returns: the types the summary, `--json`, the report and the tests read. */

export interface DatasetOutcome {
  readonly dataset: string;
  /** Records the producers put to the stream. */
  readonly produced: number;
  /** Records the producers gave up on (never in the stream). */
  readonly produceFailed: number;
  readonly lake: LakeCounts;
  /** Records the event source mapping sent to its on-failure destination. */
  readonly failed: number;
  readonly poller: PollerStats;
  /** produced = processed + quarantined (distinct records). */
  readonly conserved: boolean;
  /** Every produced record reached the raw bucket. */
  readonly rawComplete: boolean;
}

export interface QueryOutcome {
  readonly name: string;
  readonly description: string;
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  readonly error?: string;
}

export interface HealthOutcome {
  readonly evaluations: readonly HealthEvaluation[];
  readonly alerts: readonly HealthAlert[];
}

export interface RunFiles {
  readonly dataDir: string;
  readonly report?: string;
  readonly buckets: Readonly<Record<string, string>>;
}

export interface LocalRunResult {
  readonly ok: boolean;
  /** Human-readable reasons the run failed its checks; empty when ok. */
  readonly failures: readonly string[];
  readonly span: { readonly start: string; readonly end: string };
  readonly datasets: readonly DatasetOutcome[];
  readonly alerts: readonly Alert[];
  /** Each alert with the scenario that explains it; alerts no scenario explains and scenarios that raised no alert fail the run. */
  readonly attribution: AlertAttribution;
  readonly evaluations: readonly RuleEvaluation[];
  /** The pipeline-health alarms a local run can model (docs/local.md); every alert of theirs fails the run. */
  readonly health: HealthOutcome;
  readonly scenarios: readonly ScenarioWindow[];
  readonly queries: readonly QueryOutcome[];
  readonly migrationsApplied: number;
  /** Wall milliseconds per stage. */
  readonly stageMs: Readonly<Record<Stage, number>>;
  readonly files: RunFiles;
}
