import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../cli/cli-errors';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { ExitCode } from '../cli/exit-codes';
import { projectVersion } from '../cli/version';
import { InvalidProducerOptionError } from '../producers/errors';
import { ACCESS_LOG_SCENARIOS, parseScenarioList, TURBINE_SCENARIOS } from '../producers/scenarios';
import { LocalOptionError } from './errors';
import type { LocalRunOptions } from './run-options';
import { runLocal } from './run-local';
import type { LocalRunResult } from './run-result';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';

function integerOption(min: number) {
  return (value: string): number => {
    const n = Number(value);
    // Number('') is 0: an empty value (`--count ""`, an unset shell variable) must not run with 0.
    if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

/** `--firehose-outage 60:30` = the processed Firehose refuses calls from minute 60 for 30 seconds. */
function outageOption(value: string): { fromMinute: number; seconds: number } {
  const match = /^(\d+):(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected <from-minute>:<seconds>, e.g. 60:30');
  return { fromMinute: Number(match[1]), seconds: Number(match[2]) };
}

/** The flag of each library prop, so option errors name what the user typed. */
const FLAGS: Readonly<Partial<Record<keyof LocalRunOptions, string>>> = {
  dataDir: '--data-dir',
  env: '--env',
  seed: '--seed',
  count: '--count',
  simulatedMinutes: '--duration',
  readingsPerTurbine: '--readings-per-turbine',
  invalidRecords: '--invalid',
  shardCount: '--shards',
  firehoseOutage: '--firehose-outage',
};

/** The message for a failed run: option errors name the flag the user typed. */
export function cliErrorMessage(error: unknown): string {
  if (error instanceof LocalOptionError) return `${FLAGS[error.option as keyof LocalRunOptions] ?? error.option}: ${error.detail}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Exit codes of `npm run local`: option errors 2, a refused data directory 3 (its
 * error carries the code), failed checks 3, anything else 1.
 */
function classify(error: unknown): ExitCode | undefined {
  if (error instanceof LocalOptionError || error instanceof InvalidProducerOptionError) return ExitCode.Usage;
  return undefined;
}

/** Option errors name the CLI flag; the boundary prints the rest as it is. */
function asCliError(error: unknown): unknown {
  if (error instanceof LocalOptionError) return new UsageError(cliErrorMessage(error), { cause: error });
  return error;
}

/** The --json summary: what the text summary says, as data (the query rows are in the report and the lake). */
export function summaryJson(result: LocalRunResult): object {
  return {
    ok: result.ok,
    failures: result.failures,
    span: result.span,
    datasets: result.datasets.map((d) => ({
      dataset: d.dataset,
      produced: d.produced,
      produceFailed: d.produceFailed,
      lake: d.lake,
      failedToDestination: d.failed,
      conserved: d.conserved,
      rawComplete: d.rawComplete,
    })),
    alerts: result.attribution.alerts.map(({ alert, scenario }) => ({ ...alert, scenario: scenario ?? null })),
    healthAlerts: result.health.alerts,
    scenarios: result.scenarios,
    queries: result.queries.map((q) => ({ name: q.name, rows: q.rows.length, ...(q.error !== undefined ? { error: q.error } : {}) })),
    migrationsApplied: result.migrationsApplied,
    stageMs: Object.fromEntries(Object.entries(result.stageMs).map(([k, v]) => [k, Math.round(v)])),
    files: result.files,
  };
}

interface CliOptions {
  readonly dataDir: string;
  readonly env: string;
  readonly seed: number;
  readonly count: number;
  readonly duration: number;
  readonly readingsPerTurbine?: number;
  readonly turbineCount?: string;
  readonly scenario: string;
  readonly invalid: number;
  readonly shards: number;
  readonly firehoseOutage?: { fromMinute: number; seconds: number };
  readonly queries: boolean;
  readonly report: boolean;
  readonly json?: boolean;
}

/** @param onExit receives the exit code of the run */
export function buildProgram(onExit: (code: number) => void = () => undefined): Command {
  const program = new Command('local')
    .description('Runs the data plane on this machine: kinesalite, producers, processor, delivery, migrations, queries, alarms, report.')
    .option('--data-dir <dir>', 'local lake; locked for the run and emptied at its start', '.local')
    .option('--env <name>', 'environment whose config names resources and sets the processor', 'dev')
    .option('--seed <n>', 'the same seed gives the same records', integerOption(0), 42)
    .option('--count <n>', 'baseline access-log records over the span (scenarios add theirs)', integerOption(0), 30_000)
    .option('--duration <minutes>', 'simulated span in minutes (event time, not wall time)', integerOption(10), 180)
    .option('--readings-per-turbine <n>', 'readings per turbine over the span (default: one every 5 simulated seconds)', integerOption(0))
    .addOption(new Option('--turbine-count <n>', 'renamed --readings-per-turbine').hideHelp())
    .option(
      '--scenario <list>',
      `comma-separated scenarios, or "none": ${[...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS].join(', ')}`,
      [...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS].join(','),
    )
    .option(
      '--invalid <n>',
      'malformed records mixed into each dataset whose generator takes them (they go to the quarantine)',
      integerOption(0),
      20,
    )
    .option('--shards <n>', 'shards per stream', integerOption(1), 2)
    .option('--firehose-outage <minute:seconds>', 'the processed Firehose fails for a simulated window, e.g. 60:30', outageOption)
    .option('--no-queries', 'skip the migrations and saved queries')
    .option('--no-report', 'skip the HTML report')
    .option('--json', 'print the summary as one JSON document on stdout instead of the tables (progress stays on stderr)')
    .showHelpAfterError()
    .action(async (opts: CliOptions) => {
      if (opts.turbineCount !== undefined)
        throw new UsageError(
          `--turbine-count: renamed --readings-per-turbine (it sets the readings per turbine, not the number of turbines); run again with --readings-per-turbine ${opts.turbineCount}`,
        );
      // An empty list (an unset shell variable) is not `none`: it silently ran without scenarios and passed.
      if (opts.scenario.trim() === '')
        throw new UsageError(
          `--scenario: empty; expected a comma-separated list of ${[...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS].join(', ')}, or "none"`,
        );
      const names = opts.scenario.trim() === 'none' ? '' : opts.scenario;
      const all = [...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS];
      const chosen = parseScenarioList(names, all, '--scenario');
      const result = await runLocal({
        dataDir: opts.dataDir,
        env: opts.env,
        seed: opts.seed,
        count: opts.count,
        simulatedMinutes: opts.duration,
        ...(opts.readingsPerTurbine !== undefined ? { readingsPerTurbine: opts.readingsPerTurbine } : {}),
        accessLogScenarios: ACCESS_LOG_SCENARIOS.filter((s) => chosen.includes(s)),
        turbineScenarios: TURBINE_SCENARIOS.filter((s) => chosen.includes(s)),
        invalidRecords: opts.invalid,
        shardCount: opts.shards,
        ...(opts.firehoseOutage !== undefined ? { firehoseOutage: opts.firehoseOutage } : {}),
        queries: opts.queries,
        report: opts.report,
        progress: process.stderr,
        print: (text) => (opts.json === true ? undefined : process.stdout.write(text)),
      }).catch((error: unknown) => Promise.reject(asCliError(error)));
      if (opts.json === true) process.stdout.write(`${JSON.stringify(summaryJson(result), null, 2)}\n`);
      // Failed checks: exit 3 (the run worked, the pipeline it checked did not pass).
      onExit(result.ok ? ExitCode.Ok : ExitCode.Refused);
    });
  return applyCliConventions(program, projectVersion());
}

/** `npm run local -- <args>`; resolves to the exit code (errors go to `runCli`). */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = ExitCode.Ok;
  await buildProgram((c) => (code = c)).parseAsync([...argv], { from: 'user' });
  return code;
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  void runCli('local', () => main(process.argv.slice(2)), { classify });
}
