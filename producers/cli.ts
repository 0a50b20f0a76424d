import { Command, Option } from 'commander';
import { AWS_CLIENT_DEFAULTS } from '../aws/client-defaults';
import { applyCliConventions, runCli } from '../cli/error-boundary';
import { ExitCode } from '../cli/exit-codes';
import { projectVersion } from '../cli/version';
import { accessLogs, REGIONS } from '../datasets/access-logs';
import { TURBINE_IDS, turbineTelemetry } from '../datasets/turbine-telemetry';
import { streamAccessLogs, type Region } from './access-log-generator';
import {
  numberOption,
  PRODUCE_LIMITS,
  realDurationMs,
  resolveTarget,
  simulatedSpanMs,
  urlOption,
  type CommonCliOptions,
} from './cli-options';
import { InvalidProducerOptionError, StreamUnavailableError } from './errors';
import { KinesisBatchSender, type SendTotals, type StreamUnavailable } from './kinesis-batch-sender';
import { createKinesisClient } from './kinesis-client';
import { PRODUCER_DEFAULTS } from './producer-defaults';
import { ProgressReporter } from './progress-reporter';
import { ACCESS_LOG_SCENARIOS, parseScenarioList, TURBINE_SCENARIOS, type ScenarioWindow } from './scenarios';
import { sendRun } from './send-run';
import { SimulatedSpan } from './simulated-span';
import { assignTurbineScenarios } from './turbine-simulator';
import { startTurbineFleet } from './turbine-workers';
import { silenceSdkNodeVersionWarning } from '../aws/sdk-node-warning';

/** First Ctrl-C/SIGTERM: stop generating, flush, print totals. Second: exit now. */
function onStopSignals(stop: () => void): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping; flushing buffered records (again to quit at once)\n`);
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** What one app (access logs, or one turbine) did; printed as text or, with --json, as JSON. */
interface RunSummary {
  readonly label: string;
  readonly streamName: string;
  /** Records the run was to send. */
  readonly planned: number;
  readonly totals: SendTotals;
  readonly windows: readonly ScenarioWindow[];
  readonly elapsedMs: number;
  readonly unavailable?: StreamUnavailable;
}

function summaryLines(s: RunSummary): string[] {
  const { totals } = s;
  const perThousand = totals.added > 0 ? ((totals.requests * 1000) / totals.added).toFixed(1) : '0';
  const lines = [
    `${s.label}: planned ${s.planned}, sent ${totals.sent}, retried ${totals.retried}, failed ${totals.failed}, ` +
      `not sent (stopped) ${s.planned - totals.added}; ${totals.requests} requests (${perThousand} per 1000 records) in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    ...s.windows.map(
      (w) =>
        `scenario ${w.scenario}${w.region ? ` region=${w.region}` : ''}${w.turbineId ? ` turbine=${w.turbineId}` : ''} from ${w.from} to ${w.to}`,
    ),
    ...totals.failedRecords.slice(0, 20).map((f) => `failed ${f.id} key=${f.partitionKey} ${f.errorCode}: ${f.errorMessage}`),
  ];
  if (totals.failedRecords.length > 20) lines.push(`... and ${totals.failedRecords.length - 20} more failed records`);
  return lines;
}

function summaryJson(s: RunSummary): object {
  const { totals } = s;
  return {
    label: s.label,
    stream: s.streamName,
    planned: s.planned,
    sent: totals.sent,
    retried: totals.retried,
    failed: totals.failed,
    notSent: s.planned - totals.added,
    requests: totals.requests,
    elapsedMs: Math.round(s.elapsedMs),
    scenarios: s.windows,
    failedRecords: totals.failedRecords.slice(0, 20),
    ...(s.unavailable !== undefined ? { unavailable: s.unavailable } : {}),
  };
}

/**
 * Prints the summaries (text, or one JSON document with --json) and decides the
 * outcome: a stream given up on throws (exit 1 with one line on stderr), failed
 * records exit 1.
 */
function report(summaries: readonly RunSummary[], json: boolean): number {
  if (json) {
    const ok = summaries.every((s) => s.totals.failed === 0);
    process.stdout.write(`${JSON.stringify({ ok, runs: summaries.map(summaryJson) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${summaries.flatMap(summaryLines).join('\n')}\n`);
  }
  const dead = summaries.find((s) => s.unavailable !== undefined);
  if (dead?.unavailable !== undefined) throw new StreamUnavailableError(dead, dead.unavailable);
  return summaries.some((s) => s.totals.failed > 0) ? ExitCode.Failure : ExitCode.Ok;
}

function withCommonOptions(command: Command, scenarios: readonly string[], countHelp: string, maxCount: number): Command {
  return command
    .option('--stream <name>', 'Kinesis stream (default: from the environment config)')
    .option('--env <name>', 'environment whose config names the stream and region', 'dev')
    .option('--endpoint <url>', 'local Kinesis API, e.g. kinesalite at http://127.0.0.1:4567', urlOption)
    .option('--region <region>', "AWS region (default: the environment's)")
    .option('--scenario <list>', `comma-separated scenarios: ${scenarios.join(', ')}`)
    .option('--seed <n>', 'seed; the same seed gives the same records', numberOption(0, true), 42)
    .option(
      '--count <n>',
      `${countHelp}, at most ${maxCount.toLocaleString('en-US')}; alone: sent as fast as possible`,
      numberOption(0, true, maxCount),
    )
    .option(
      '--duration <seconds>',
      `real run time; records are paced over it (default ${PRODUCER_DEFAULTS.durationSeconds} unless --count alone)`,
      numberOption(1, false),
    )
    .option(
      '--simulated-minutes <n>',
      'span of event time the run covers, ending now',
      numberOption(1, true, PRODUCE_LIMITS.maxSimulatedMinutes),
      60,
    )
    .option(
      '--max-attempts <n>',
      'attempts per record before it is reported failed; a batch that gets nothing through after them stops the run',
      numberOption(1, true, 100),
      8,
    )
    .option(
      '--request-timeout <seconds>',
      'seconds one PutRecords call may take before it fails; a silent endpoint ends the run after about max-attempts x this',
      numberOption(1, true, 600),
      AWS_CLIENT_DEFAULTS.requestTimeoutMs / 1000,
    )
    .option('--json', 'print the summary as one JSON document on stdout (progress goes to stderr)');
}

/** Progress goes to stdout for people, to stderr when stdout carries JSON. */
function progressOut(options: Pick<CommonCliOptions, 'json'>): NodeJS.WriteStream {
  return options.json === true ? process.stderr : process.stdout;
}

async function produceAccessLogs(options: CommonCliOptions & { readonly outageRegion: Region }): Promise<number> {
  const target = resolveTarget(options, accessLogs);
  const scenarios = parseScenarioList(options.scenario, ACCESS_LOG_SCENARIOS, '--scenario');
  const realMs = realDurationMs(options, PRODUCER_DEFAULTS.durationSeconds);
  const count = options.count ?? Math.round((options.rate ?? 200) * (realMs / 1000));
  if (count > PRODUCE_LIMITS.maxCount) {
    throw new InvalidProducerOptionError(
      '--rate',
      `${options.rate ?? 200} per second for ${realMs / 1000} s is ${count.toLocaleString('en-US')} records; expected at most ${PRODUCE_LIMITS.maxCount.toLocaleString('en-US')}; ${PRODUCE_LIMITS.split}`,
    );
  }
  const startedAt = Date.now();
  const clock = new SimulatedSpan(startedAt, realMs, simulatedSpanMs(options, realMs, scenarios.length));
  const run = streamAccessLogs({
    seed: options.seed,
    count,
    start: clock.start,
    simulatedDurationMs: clock.simulatedDurationMs,
    scenarios,
    outageRegion: options.outageRegion,
  });

  const client = createKinesisClient({ ...target, requestTimeoutMs: options.requestTimeout * 1000 });
  const sender = new KinesisBatchSender({
    client,
    streamName: target.streamName,
    maxAttempts: options.maxAttempts,
    failFastWhenUnavailable: true,
  });
  const abort = new AbortController();
  const release = onStopSignals(() => abort.abort());
  const progress = new ProgressReporter({
    label: `access-logs -> ${target.streamName}`,
    read: () => sender.totals,
    out: progressOut(options),
  });
  progress.start();
  try {
    const result = await sendRun({ dataset: accessLogs, records: run.records, sender, clock, signal: abort.signal });
    progress.stop();
    return report(
      [
        {
          label: 'access-logs',
          streamName: target.streamName,
          planned: run.planned,
          totals: result,
          windows: run.windows,
          elapsedMs: Date.now() - startedAt,
          ...(result.unavailable !== undefined ? { unavailable: result.unavailable } : {}),
        },
      ],
      options.json === true,
    );
  } finally {
    progress.stop();
    release();
    client.destroy();
  }
}

async function produceTurbines(
  options: CommonCliOptions & { readonly faultTurbine: string; readonly silentTurbine: string },
): Promise<number> {
  const target = resolveTarget(options, turbineTelemetry);
  const scenarios = parseScenarioList(options.scenario, TURBINE_SCENARIOS, '--scenario');
  const realMs = realDurationMs(options, PRODUCER_DEFAULTS.durationSeconds);
  const spanMs = simulatedSpanMs(options, realMs, scenarios.length);
  const startedAt = Date.now();
  const perTurbine = options.count ?? (options.rate !== undefined ? Math.round(options.rate * (realMs / 1000)) : undefined);
  if (perTurbine !== undefined && perTurbine > PRODUCE_LIMITS.maxTurbineCount) {
    throw new InvalidProducerOptionError(
      '--rate',
      `${options.rate ?? 0} per second for ${realMs / 1000} s is ${perTurbine.toLocaleString('en-US')} readings per turbine; expected at most ${PRODUCE_LIMITS.maxTurbineCount.toLocaleString('en-US')}; ${PRODUCE_LIMITS.split}`,
    );
  }
  const fleet = startTurbineFleet(
    assignTurbineScenarios(scenarios, options.faultTurbine, options.silentTurbine).map((a) => ({
      turbineId: a.turbineId,
      scenarios: a.scenarios,
      seed: options.seed,
      streamName: target.streamName,
      region: target.region,
      ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
      ...(perTurbine !== undefined ? { count: perTurbine } : {}),
      simulatedDurationMs: spanMs,
      realDurationMs: realMs,
      realStartMs: startedAt,
      maxAttempts: options.maxAttempts,
      requestTimeoutMs: options.requestTimeout * 1000,
    })),
  );
  const release = onStopSignals(() => fleet.stop());
  const progress = new ProgressReporter({
    label: `turbines -> ${target.streamName}`,
    read: () => fleet.totals(),
    out: progressOut(options),
  });
  progress.start();
  try {
    const results = await fleet.done;
    progress.stop();
    return report(
      results.map((r) => ({
        label: r.turbineId,
        streamName: target.streamName,
        planned: r.planned,
        totals: r.totals,
        windows: r.windows,
        elapsedMs: Date.now() - startedAt,
        ...(r.unavailable !== undefined ? { unavailable: r.unavailable } : {}),
      })),
      options.json === true,
    );
  } finally {
    progress.stop();
    release();
  }
}

/** @param onExit receives the exit code of the command that ran */
export function buildProgram(onExit: (code: number) => void = () => undefined): Command {
  const program = new Command('produce').description('Sends simulated access logs or turbine telemetry to Kinesis.').showHelpAfterError();
  withCommonOptions(
    program.command('access-logs').description('web, mobile, smart-TV, console, tablet and server access events'),
    ACCESS_LOG_SCENARIOS,
    'baseline records (scenarios add theirs)',
    PRODUCE_LIMITS.maxCount,
  )
    .option('--rate <n>', 'baseline records per real second (with --duration)', numberOption(0, false))
    .addOption(
      new Option('--outage-region <region>', 'region the outage hits').choices(REGIONS.filter((r) => r !== 'other')).default('eu-west'),
    )
    .action(async (opts: CommonCliOptions & { outageRegion: Region }) => {
      onExit(await produceAccessLogs(opts));
    });
  withCommonOptions(
    program.command('turbines').description('three wind-turbine apps, one worker thread each'),
    TURBINE_SCENARIOS,
    'readings per turbine',
    PRODUCE_LIMITS.maxTurbineCount,
  )
    .option('--rate <n>', 'readings per real second per turbine (default: one per 5 simulated seconds)', numberOption(0, false))
    .addOption(new Option('--fault-turbine <id>', 'turbine that plays `fault`').choices(TURBINE_IDS).default(TURBINE_IDS[1]))
    .addOption(new Option('--silent-turbine <id>', 'turbine that plays `silent`').choices(TURBINE_IDS).default(TURBINE_IDS[2]))
    .action(async (opts: CommonCliOptions & { faultTurbine: string; silentTurbine: string }) => {
      onExit(await produceTurbines(opts));
    });
  return applyCliConventions(program, projectVersion());
}

/** `produce` with its arguments; resolves to the exit code (errors go to `runCli`). */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = ExitCode.Ok;
  await buildProgram((c) => (code = c)).parseAsync([...argv], { from: 'user' });
  return code;
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  void runCli('produce', () => main(process.argv.slice(2)));
}
