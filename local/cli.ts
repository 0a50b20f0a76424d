import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ACCESS_LOG_SCENARIOS, parseScenarioList, TURBINE_SCENARIOS } from '../producers/scenarios';
import { LocalOptionError, LocalRunError } from './errors';
import type { LocalRunOptions } from './run-options';
import { runLocal } from './run-local';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';

function integerOption(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
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
  turbineCount: '--turbine-count',
  invalidRecords: '--invalid',
  shardCount: '--shards',
  firehoseOutage: '--firehose-outage',
};

/** The message for a failed run: option errors name the flag; unexpected errors keep their stack. */
export function cliErrorMessage(error: unknown): string {
  if (error instanceof LocalOptionError) return `${FLAGS[error.option as keyof LocalRunOptions] ?? error.option}: ${error.detail}`;
  if (error instanceof LocalRunError || (error instanceof Error && error.name.endsWith('OptionError'))) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

interface CliOptions {
  readonly dataDir: string;
  readonly env: string;
  readonly seed: number;
  readonly count: number;
  readonly duration: number;
  readonly turbineCount?: number;
  readonly scenario: string;
  readonly invalid: number;
  readonly shards: number;
  readonly firehoseOutage?: { fromMinute: number; seconds: number };
  readonly queries: boolean;
  readonly report: boolean;
}

export function buildProgram(): Command {
  return new Command('local')
    .description('Runs the data plane on this machine: kinesalite, producers, processor, delivery, migrations, queries, alarms, report.')
    .option('--data-dir <dir>', 'local lake; emptied at the start of the run', '.local')
    .option('--env <name>', 'environment whose config names resources and sets the processor', 'dev')
    .option('--seed <n>', 'the same seed gives the same records', integerOption(0), 42)
    .option('--count <n>', 'baseline access-log records over the span (scenarios add theirs)', integerOption(0), 30_000)
    .option('--duration <minutes>', 'simulated span in minutes (event time, not wall time)', integerOption(10), 180)
    .option('--turbine-count <n>', 'readings per turbine (default: one every 5 simulated seconds)', integerOption(0))
    .option('--scenario <list>', `comma-separated scenarios, or "none": ${[...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS].join(', ')}`, [...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS].join(','))
    .option('--invalid <n>', 'malformed access-log records mixed in (they go to the quarantine)', integerOption(0), 20)
    .option('--shards <n>', 'shards per stream', integerOption(1), 2)
    .option('--firehose-outage <minute:seconds>', 'the processed Firehose fails for a simulated window, e.g. 60:30', outageOption)
    .option('--no-queries', 'skip the migrations and saved queries')
    .option('--no-report', 'skip the HTML report')
    .showHelpAfterError()
    // Usage errors exit 2 (commander's default is 1, which means a failed check here).
    .exitOverride()
    .action(async (opts: CliOptions) => {
      const names = opts.scenario.trim() === 'none' ? '' : opts.scenario;
      const all = [...ACCESS_LOG_SCENARIOS, ...TURBINE_SCENARIOS];
      const chosen = parseScenarioList(names, all, '--scenario');
      const result = await runLocal({
        dataDir: opts.dataDir,
        env: opts.env,
        seed: opts.seed,
        count: opts.count,
        simulatedMinutes: opts.duration,
        ...(opts.turbineCount !== undefined ? { turbineCount: opts.turbineCount } : {}),
        accessLogScenarios: ACCESS_LOG_SCENARIOS.filter((s) => chosen.includes(s)),
        turbineScenarios: TURBINE_SCENARIOS.filter((s) => chosen.includes(s)),
        invalidRecords: opts.invalid,
        shardCount: opts.shards,
        ...(opts.firehoseOutage !== undefined ? { firehoseOutage: opts.firehoseOutage } : {}),
        queries: opts.queries,
        report: opts.report,
        progress: process.stderr,
        print: (text) => process.stdout.write(text),
      });
      if (!result.ok) process.exitCode = 1;
    });
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      // Commander has printed its own message (or the help, exit code 0).
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode === 0 ? 0 : 2;
        return;
      }
      process.stderr.write(`local: ${cliErrorMessage(error)}\n`);
      process.exitCode = 2;
    });
}
