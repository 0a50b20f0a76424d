import { Command, Option } from 'commander';
import { accessLogs, REGIONS } from '../datasets/access-logs';
import { TURBINE_IDS, turbineTelemetry } from '../datasets/turbine-telemetry';
import { generateAccessLogs, type Region } from './access-log-generator';
import { numberOption, realDurationMs, resolveTarget, simulatedSpanMs, urlOption, type CommonCliOptions } from './cli-options';
import { ProducerError } from './errors';
import { KinesisBatchSender, type SendTotals } from './kinesis-batch-sender';
import { createKinesisClient } from './kinesis-client';
import { ProgressReporter } from './progress-reporter';
import { ACCESS_LOG_SCENARIOS, parseScenarioList, TURBINE_SCENARIOS, type ScenarioWindow } from './scenarios';
import { sendRun } from './send-run';
import { SimulatedClock } from './simulated-clock';
import { assignTurbineScenarios } from './turbine-simulator';
import { startTurbineFleet } from './turbine-workers';
import { silenceSdkNodeVersionWarning } from '../config/sdk-node-warning';

const DEFAULT_DURATION_SECONDS = 60;

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

function printSummary(label: string, generated: number, totals: SendTotals, windows: readonly ScenarioWindow[], elapsedMs: number): void {
  const perThousand = totals.added > 0 ? ((totals.requests * 1000) / totals.added).toFixed(1) : '0';
  const lines = [
    `${label}: generated ${generated}, sent ${totals.sent}, retried ${totals.retried}, failed ${totals.failed}, ` +
      `not sent (stopped) ${generated - totals.added}; ${totals.requests} requests (${perThousand} per 1000 records) in ${(elapsedMs / 1000).toFixed(1)} s`,
    ...windows.map((w) => `scenario ${w.scenario}${w.region ? ` region=${w.region}` : ''}${w.turbineId ? ` turbine=${w.turbineId}` : ''} from ${w.from} to ${w.to}`),
    ...totals.failedRecords.slice(0, 20).map((f) => `failed ${f.id} key=${f.partitionKey} ${f.errorCode}: ${f.errorMessage}`),
  ];
  if (totals.failedRecords.length > 20) lines.push(`... and ${totals.failedRecords.length - 20} more failed records`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (totals.failed > 0) process.exitCode = 1;
}

function withCommonOptions(command: Command, scenarios: readonly string[]): Command {
  return command
    .option('--stream <name>', 'Kinesis stream (default: from the environment config)')
    .option('--env <name>', 'environment whose config names the stream and region', 'dev')
    .option('--endpoint <url>', 'local Kinesis API, e.g. kinesalite at http://127.0.0.1:4567', urlOption)
    .option('--region <region>', 'AWS region (default: the environment\'s)')
    .option('--scenario <list>', `comma-separated scenarios: ${scenarios.join(', ')}`)
    .option('--seed <n>', 'seed; the same seed gives the same records', numberOption(0, true), 42)
    .option('--count <n>', 'baseline records (turbines: per turbine); alone: sent as fast as possible', numberOption(0, true))
    .option('--duration <seconds>', `real run time; records are paced over it (default ${DEFAULT_DURATION_SECONDS} unless --count alone)`, numberOption(1, false))
    .option('--simulated-minutes <n>', 'span of event time the run covers, ending now', numberOption(1, true), 60)
    .option('--max-attempts <n>', 'attempts per record before it is reported failed', numberOption(1, true), 8);
}

async function produceAccessLogs(options: CommonCliOptions & { readonly outageRegion: Region }): Promise<void> {
  const target = resolveTarget(options, accessLogs);
  const scenarios = parseScenarioList(options.scenario, ACCESS_LOG_SCENARIOS, '--scenario');
  const realMs = realDurationMs(options, DEFAULT_DURATION_SECONDS);
  const count = options.count ?? Math.round((options.rate ?? 200) * (realMs / 1000));
  const startedAt = Date.now();
  const clock = new SimulatedClock(startedAt, realMs, simulatedSpanMs(options, realMs, scenarios.length));
  const run = generateAccessLogs({ seed: options.seed, count, start: clock.start, simulatedDurationMs: clock.simulatedDurationMs, scenarios, outageRegion: options.outageRegion });

  const client = createKinesisClient(target);
  const sender = new KinesisBatchSender({ client, streamName: target.streamName, maxAttempts: options.maxAttempts });
  const abort = new AbortController();
  const release = onStopSignals(() => abort.abort());
  const progress = new ProgressReporter({ label: `access-logs -> ${target.streamName}`, read: () => sender.totals });
  progress.start();
  try {
    const totals = await sendRun({ dataset: accessLogs, records: run.records, sender, clock, signal: abort.signal });
    progress.stop();
    printSummary('access-logs', run.records.length, totals, run.windows, Date.now() - startedAt);
  } finally {
    progress.stop();
    release();
    client.destroy();
  }
}

async function produceTurbines(options: CommonCliOptions & { readonly faultTurbine: string; readonly silentTurbine: string }): Promise<void> {
  const target = resolveTarget(options, turbineTelemetry);
  const scenarios = parseScenarioList(options.scenario, TURBINE_SCENARIOS, '--scenario');
  const realMs = realDurationMs(options, DEFAULT_DURATION_SECONDS);
  const spanMs = simulatedSpanMs(options, realMs, scenarios.length);
  const startedAt = Date.now();
  const perTurbine = options.count ?? (options.rate !== undefined ? Math.round(options.rate * (realMs / 1000)) : undefined);
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
    })),
  );
  const release = onStopSignals(() => fleet.stop());
  const progress = new ProgressReporter({ label: `turbines -> ${target.streamName}`, read: () => fleet.totals() });
  progress.start();
  try {
    const results = await fleet.done;
    progress.stop();
    for (const r of results) printSummary(r.turbineId, r.generated, r.totals, r.windows, Date.now() - startedAt);
  } finally {
    progress.stop();
    release();
  }
}

export function buildProgram(): Command {
  const program = new Command('produce').description('Sends simulated access logs or turbine telemetry to Kinesis.').showHelpAfterError();
  withCommonOptions(program.command('access-logs').description('web, mobile, smart-TV, console, tablet and server access events'), ACCESS_LOG_SCENARIOS)
    .option('--rate <n>', 'baseline records per real second (with --duration)', numberOption(0, false))
    .addOption(new Option('--outage-region <region>', 'region the outage hits').choices(REGIONS.filter((r) => r !== 'other')).default('eu-west'))
    .action((opts: CommonCliOptions & { outageRegion: Region }) => produceAccessLogs(opts));
  withCommonOptions(program.command('turbines').description('three wind-turbine apps, one worker thread each'), TURBINE_SCENARIOS)
    .option('--rate <n>', 'readings per real second per turbine (default: one per 5 simulated seconds)', numberOption(0, false))
    .addOption(new Option('--fault-turbine <id>', 'turbine that plays `fault`').choices(TURBINE_IDS).default(TURBINE_IDS[1]))
    .addOption(new Option('--silent-turbine <id>', 'turbine that plays `silent`').choices(TURBINE_IDS).default(TURBINE_IDS[2]))
    .action((opts: CommonCliOptions & { faultTurbine: string; silentTurbine: string }) => produceTurbines(opts));
  return program;
}

if (require.main === module) {
  silenceSdkNodeVersionWarning();
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`produce: ${error instanceof ProducerError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    });
}
