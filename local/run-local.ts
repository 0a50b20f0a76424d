import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnvironments, type EnvironmentConfig } from '../config/environment';
import { ENVIRONMENTS } from '../config/environments';
import { environmentNamed } from '../config/environment-lookup';
import { kinesisStreamArn, lambdaFunctionArn } from '../config/arns';
import {
  bucketName,
  processedDeliveryStreamName,
  processorFunctionName,
  rawDeliveryStreamName,
  streamName,
} from '../config/resource-names';
import type { DatasetDeclaration } from '../datasets/dataset';
import { metricNamespace } from '../datasets/naming';
import { applyMigrations, createLocalEngine, listSavedQueries, runSavedQuery } from '../migrate';
import {
  createKinesisClient,
  createStream,
  generateDataset,
  KinesisBatchSender,
  sendRun,
  startLocalKinesis,
  type GeneratedRun,
  type GenerationRequest,
  type ScenarioWindow,
  type SendTotals,
} from '../producers';
import { evaluateAlarms, type Alert, type RuleEvaluation } from './alarm-evaluator';
import { datasetCountsRow } from './dataset-counts';
import { DownstreamOutage } from './downstream-outage';
import { LocalOptionError } from './errors';
import { EventSourcePoller, type EventSourceMappingSettings, type PollerStats } from './event-source-poller';
import { FailureDestination, localMappingUuid } from './failure-destination';
import { FileObjectStore } from './file-object-store';
import { DeliveryObserver, evaluateHealth, HealthMetrics } from './health-alarms';
import { renderHtmlReport } from './html-report';
import { inspectLake, type Buckets } from './lake-inspector';
import { LocalLake } from './local-lake';
import { CollectingLogger, createLocalProcessor } from './local-processor';
import { MetricStore } from './metric-store';
import { ParquetWriter } from './parquet-writer';
import { LocalFirehoseApi, ProcessedDeliveryStream } from './processed-delivery-stream';
import { RunProgress } from './progress';
import { deliverRaw } from './raw-delivery-stream';
import type { DatasetOutcome, HealthOutcome, LocalRunResult, QueryOutcome } from './run-result';
import { resolveRunOptions, type LocalRunOptions, type ResolvedRunOptions } from './run-options';
import { StageTimer } from './run-stages';
import { attributeAlerts, type AlertAttribution } from './scenario-alarms';
import { SimulatedClock } from './simulated-clock';
import { formatTable } from './text-table';

export { STAGES, type Stage } from './run-stages';
export type { DatasetOutcome, HealthOutcome, LocalRunResult, QueryOutcome, RunFiles } from './run-result';

const FIVE_MINUTES_MS = 300_000;

/** What every stage reads: the run's options and datasets, where it writes, its clients, its clock span. */
interface RunContext {
  readonly o: ResolvedRunOptions;
  readonly env: EnvironmentConfig;
  /** The datasets of this run (the registry unless the caller gave others), in report order. */
  readonly datasets: readonly DatasetDeclaration[];
  readonly lake: LocalLake;
  readonly buckets: Buckets;
  readonly startMs: number;
  readonly endMs: number;
  readonly client: KinesisClient;
  readonly parquet: ParquetWriter;
  readonly progress: RunProgress;
  readonly timer: StageTimer;
}

/** The produce stage's result: each dataset's generated run and what the stream took. */
interface Produced {
  readonly runs: ReadonlyMap<string, GeneratedRun<object>>;
  readonly sent: Readonly<Record<string, SendTotals>>;
  /** Every dataset's scenario windows. */
  readonly windows: readonly ScenarioWindow[];
}

/** One dataset's processing wiring: its poller, and what the stages after polling read. */
interface DatasetLane {
  readonly dataset: DatasetDeclaration;
  readonly poller: EventSourcePoller;
  readonly delivery: ProcessedDeliveryStream;
  readonly destination: FailureDestination;
  readonly logger: CollectingLogger;
  /** The EMF documents the processor wrote. */
  readonly emf: readonly string[];
}

interface Processed {
  readonly lanes: readonly DatasetLane[];
  /** Per lane, in order. */
  readonly polled: readonly PollerStats[];
  readonly health: HealthMetrics;
}

interface Alarms {
  readonly evaluations: readonly RuleEvaluation[];
  readonly alerts: readonly Alert[];
  readonly health: HealthOutcome;
  readonly attribution: AlertAttribution;
}

function runEnvironment(name: string, datasets: readonly DatasetDeclaration[]): EnvironmentConfig {
  // Parsed against the run's datasets (not only the registry's), so a test's extra dataset has an environment too.
  const all = parseEnvironments(
    ENVIRONMENTS,
    datasets.map((d) => d.name),
  );
  return environmentNamed(name, all, (detail) => new LocalOptionError('env', detail));
}

/** Each dataset's records, from its generator in the producers' registry (schema-driven for one without). */
function generate(ctx: RunContext): Map<string, GeneratedRun<object>> {
  const { o } = ctx;
  const request: GenerationRequest = {
    seed: o.seed,
    start: new Date(ctx.startMs),
    simulatedDurationMs: ctx.endMs - ctx.startMs,
    scenarios: [...o.accessLogScenarios, ...o.turbineScenarios],
    size: {
      count: o.count,
      schemaRecords: o.schemaRecords,
      ...(o.readingsPerTurbine !== undefined ? { readingsPerTurbine: o.readingsPerTurbine } : {}),
    },
  };
  return new Map(ctx.datasets.map((d) => [d.name, generateDataset(d, request, o.invalidRecords)]));
}

/**
 * 1-2. Kinesis streams and the producers. Sent with the producers' batch sender at full
 * speed, one sender per dataset in event-time order: the order the shards would hold in
 * a live, paced run (docs/local.md, "The simulated clock").
 */
async function produceStage(ctx: RunContext): Promise<Produced> {
  const { client, env, progress } = ctx;
  progress.start('produce');
  const runs = generate(ctx);
  const sent = await ctx.timer.timed('produce', async () => {
    for (const d of ctx.datasets) await createStream(client, streamName(env, d), ctx.o.shardCount);
    const totals = await Promise.all(
      ctx.datasets.map((dataset) =>
        sendRun({
          dataset,
          records: runs.get(dataset.name)?.records ?? [],
          sender: new KinesisBatchSender({ client, streamName: streamName(env, dataset) }),
        }),
      ),
    );
    return Object.fromEntries(ctx.datasets.map((d, i) => [d.name, totals[i] as SendTotals]));
  });
  progress.finish(ctx.datasets.map((d) => `${d.name} ${sent[d.name]?.sent ?? 0}`).join(', '));
  return { runs, sent, windows: [...runs.values()].flatMap((r) => r.windows) };
}

/** The processed Firehose the processor calls: local, behind the optional outage, observed for the health alarms. */
function processedFirehose(
  ctx: RunContext,
  dataset: DatasetDeclaration,
  delivery: ProcessedDeliveryStream,
  clock: SimulatedClock,
  health: HealthMetrics,
): DeliveryObserver {
  const local = new LocalFirehoseApi([delivery], clock);
  const outage = ctx.o.firehoseOutage;
  const fromMs = ctx.startMs + (outage?.fromMinute ?? 0) * 60_000;
  const faulty = outage === undefined ? local : new DownstreamOutage(local, clock, { fromMs, toMs: fromMs + outage.seconds * 1000 });
  return new DeliveryObserver(faulty, clock, (t, success) => health.record(`${dataset.name}/processed-delivery-failures`, t, success));
}

/** The event source mapping's settings, as the stack deploys them from the environment. */
function eventSourceSettings(processor: EnvironmentConfig['processor']): EventSourceMappingSettings {
  return {
    batchSize: processor.batchSize,
    maximumBatchingWindowSeconds: processor.maximumBatchingWindowSeconds,
    maximumRetryAttempts: processor.maximumRetryAttempts,
    maximumRecordAgeSeconds: processor.maximumRecordAgeSeconds,
    bisectBatchOnFunctionError: true,
    timeoutSeconds: processor.timeoutSeconds,
  };
}

/** One dataset's event source mapping and processor, on its own simulated clock. */
function datasetLane(
  ctx: RunContext,
  dataset: DatasetDeclaration,
  health: HealthMetrics,
  onInvoke: (dataset: string, succeeded: number) => void,
): DatasetLane {
  const { env, lake, startMs } = ctx;
  const clock = new SimulatedClock(startMs);
  const functionName = processorFunctionName(env, dataset);
  const functionArn = lambdaFunctionArn(env, functionName);
  const stream = streamName(env, dataset);
  const streamArn = kinesisStreamArn(env, stream);
  const delivery = new ProcessedDeliveryStream({
    name: processedDeliveryStreamName(env, dataset),
    dataset,
    bucket: ctx.buckets.processed,
    lake,
    parquet: ctx.parquet,
  });
  const firehose = processedFirehose(ctx, dataset, delivery, clock, health);
  const emf: string[] = [];
  const logger = new CollectingLogger(clock);
  const destination = new FailureDestination({
    lake,
    bucket: ctx.buckets.quarantine,
    mappingUuid: localMappingUuid(functionName, stream),
    functionArn,
    streamArn,
  });
  const poller = new EventSourcePoller({
    client: ctx.client,
    streamName: stream,
    streamArn,
    functionArn,
    region: env.region,
    dataset,
    settings: eventSourceSettings(env.processor),
    handler: createLocalProcessor({
      env,
      dataset,
      firehose,
      objectStore: new FileObjectStore(lake),
      clock,
      emf: (line) => emf.push(line),
      logger,
      seed: ctx.o.seed,
    }),
    clock,
    startMs,
    failureDestination: destination,
    onTime: (now) => delivery.tick(now),
    onInvocation: (m) => {
      health.record(`${dataset.name}/iterator-age`, m.nowMs, m.iteratorAgeMs);
      health.record(`${dataset.name}/lambda-errors`, m.nowMs, m.functionError ? 1 : 0);
    },
    onInvoke: (s) => onInvoke(dataset.name, s.succeeded),
  });
  return { dataset, poller, delivery, destination, logger, emf };
}

/** 3. Event source mapping + processor, per dataset, all datasets at once. */
async function processStage(ctx: RunContext, produced: Produced): Promise<Processed> {
  const { progress, timer, parquet } = ctx;
  progress.start('poll+process');
  const health = new HealthMetrics();
  const processedSoFar: Record<string, number> = {};
  const onInvoke = (dataset: string, succeeded: number): void => {
    processedSoFar[dataset] = succeeded;
    progress.update(ctx.datasets.map((d) => `${d.name} ${processedSoFar[d.name] ?? 0}/${produced.sent[d.name]?.sent ?? 0}`).join(', '));
  };
  const lanes = ctx.datasets.map((d) => datasetLane(ctx, d, health, onInvoke));
  const parquetBefore = parquet.elapsedMs;
  const polled = await timer.timed('poll+process', () => Promise.all(lanes.map((l) => l.poller.run())));
  // Parquet written while polling is the processed Firehose's work: count it as delivery.
  timer.move('poll+process', 'deliver', parquet.elapsedMs - parquetBefore);
  progress.finish(
    lanes.map((l, i) => `${l.dataset.name} ${polled[i]?.invocations ?? 0} invocations, ${polled[i]?.retries ?? 0} retries`).join(', '),
  );
  return { lanes, polled, health };
}

/** Writes each processor's log and EMF lines under `<dataDir>/logs/`. */
async function writeProcessorLogs(ctx: RunContext, lanes: readonly DatasetLane[]): Promise<void> {
  const dir = join(ctx.lake.dataDir, 'logs');
  await mkdir(dir, { recursive: true });
  for (const { dataset, logger, emf } of lanes) {
    await writeFile(join(dir, `${processorFunctionName(ctx.env, dataset)}.log`), logger.lines.join('\n'));
    await writeFile(join(dir, `${processorFunctionName(ctx.env, dataset)}.emf.ndjson`), emf.join('\n'));
  }
}

/** 4. Raw delivery (its own consumer of the stream), the last processed buffers, and each dataset's counts in the lake. */
async function deliverStage(ctx: RunContext, produced: Produced, processed: Processed): Promise<DatasetOutcome[]> {
  const { env, lake, buckets, client, timer } = ctx;
  ctx.progress.start('deliver');
  await timer.timed('deliver', async () => {
    for (const lane of processed.lanes) await lane.delivery.flush();
    for (const d of ctx.datasets) {
      await deliverRaw({
        client,
        streamName: streamName(env, d),
        deliveryStreamName: rawDeliveryStreamName(env, d),
        dataset: d,
        bucket: buckets.raw,
        lake,
        startMs: ctx.startMs,
      });
    }
    await writeProcessorLogs(ctx, processed.lanes);
  });
  const outcomes: DatasetOutcome[] = [];
  for (const [i, { dataset, destination }] of processed.lanes.entries()) {
    const counts = await timer.timed('deliver', () => inspectLake(lake, buckets, dataset));
    const totals = produced.sent[dataset.name];
    const sent = totals?.sent ?? 0;
    outcomes.push({
      dataset: dataset.name,
      produced: sent,
      produceFailed: totals?.failed ?? 0,
      lake: counts,
      failed: destination.recordCount,
      poller: processed.polled[i] as PollerStats,
      conserved: sent === counts.processed + counts.quarantined,
      rawComplete: counts.raw === sent,
    });
  }
  ctx.progress.finish(
    outcomes.map((x) => `${x.dataset} raw ${x.lake.raw}, processed ${x.lake.processed}, quarantined ${x.lake.quarantined}`).join('; '),
  );
  return outcomes;
}

/** 5. Migrations and saved queries on the local engine, over this run's datasets' processed tables. */
async function migrateQueryStage(ctx: RunContext): Promise<{ queries: QueryOutcome[]; migrationsApplied: number }> {
  const queries: QueryOutcome[] = [];
  if (!ctx.o.queries) return { queries, migrationsApplied: 0 };
  ctx.progress.start('migrate+query');
  const migrationsApplied = await ctx.timer.timed('migrate+query', async () => {
    // Saved queries ask about "the last hour" and the like; the run's records sit in simulated
    // time, so the queries are asked at the end of the simulated span, not at the wall clock.
    const engine = await createLocalEngine({ dataDir: ctx.lake.dataDir, env: ctx.env, datasets: ctx.datasets, now: () => ctx.endMs });
    try {
      const applied = await applyMigrations(engine, ctx.o.migrationsDir !== undefined ? { migrationsDir: ctx.o.migrationsDir } : {});
      for (const q of listSavedQueries()) {
        try {
          queries.push({ name: q.name, description: q.description, rows: await runSavedQuery(engine, q.name) });
        } catch (error) {
          queries.push({
            name: q.name,
            description: q.description,
            rows: [],
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return applied.applied.length;
    } finally {
      await engine.close();
    }
  });
  ctx.progress.finish(`${migrationsApplied} migrations applied, ${queries.length} saved queries run`);
  for (const q of queries)
    ctx.o.print(`\n== ${q.name}: ${q.description}\n${q.error !== undefined ? `FAILED: ${q.error}` : formatTable(q.rows)}\n`);
  return { queries, migrationsApplied };
}

/** 6. The datasets' alarms on the EMF the processor wrote, the pipeline-health alarms, and which scenario explains each alert. */
async function alarmStage(ctx: RunContext, produced: Produced, processed: Processed): Promise<Alarms> {
  ctx.progress.start('alarms');
  const window = { startMs: ctx.startMs, endMs: ctx.endMs };
  const evaluations = await ctx.timer.timed('alarms', () =>
    Promise.resolve(
      processed.lanes.flatMap(({ dataset, emf }) => {
        const store = new MetricStore(metricNamespace(ctx.env.name));
        for (const line of emf) store.ingest(line);
        return evaluateAlarms(dataset, store, window);
      }),
    ),
  );
  for (const lane of processed.lanes) for (const t of lane.destination.putTimesMs) processed.health.record('failure-destination', t, 1);
  const healthEvaluations = evaluateHealth(
    processed.health,
    ctx.datasets.map((d) => d.name),
  );
  const health = { evaluations: healthEvaluations, alerts: healthEvaluations.flatMap((e) => e.alerts) };
  const alerts = evaluations.flatMap((e) => e.alerts);
  const attribution = attributeAlerts(evaluations, [...produced.windows]);
  ctx.progress.finish(
    `${evaluations.length + healthEvaluations.length} alarms evaluated (${healthEvaluations.length} pipeline health), ${alerts.length + health.alerts.length} alerts`,
  );
  return { evaluations, alerts, health, attribution };
}

/** Why the run fails its checks: conservation, raw completeness, saved queries, and alerts that are false, missed or health alarms. */
function runFailures(outcomes: readonly DatasetOutcome[], queries: readonly QueryOutcome[], alarms: Alarms): string[] {
  const failures: string[] = [];
  for (const x of outcomes) {
    if (!x.conserved)
      failures.push(
        `${x.dataset}: produced ${x.produced} != processed ${x.lake.processed} + quarantined ${x.lake.quarantined} (failed to destination: ${x.failed})`,
      );
    if (!x.rawComplete) failures.push(`${x.dataset}: produced ${x.produced} but the raw bucket holds ${x.lake.raw}`);
    if (x.produceFailed > 0) failures.push(`${x.dataset}: ${x.produceFailed} records could not be put to the stream`);
  }
  for (const q of queries) if (q.error !== undefined) failures.push(`saved query ${q.name} failed: ${q.error}`);
  for (const a of alarms.attribution.unexplained) {
    failures.push(
      `false alarm: ${a.dataset} ${a.ruleId}${a.source !== undefined ? ` ${a.source}` : ''} fired ${a.from} .. ${a.to}, inside no scenario window that trips it`,
    );
  }
  for (const h of alarms.health.alerts) failures.push(`pipeline health alarm ${h.key} fired ${h.from} .. ${h.to}: ${h.description}`);
  for (const m of alarms.attribution.missed)
    failures.push(
      `missed alarm: scenario ${m.scenario.scenario} (${m.scenario.from} .. ${m.scenario.to}) raised no ${m.dataset} ${m.ruleId} alert`,
    );
  return failures;
}

/** 7. The HTML report, when asked for; returns its path. */
async function reportStage(ctx: RunContext, result: LocalRunResult): Promise<string | undefined> {
  if (!ctx.o.report) return undefined;
  ctx.progress.start('report');
  const path = await ctx.timer.timed('report', async () => {
    const file = join(ctx.lake.dataDir, 'report.html');
    await writeFile(file, renderHtmlReport(result));
    return file;
  });
  ctx.progress.finish(path);
  return path;
}

/** The stages in order, with the data directory locked and emptied and the clients open. */
async function runStages(ctx: RunContext): Promise<LocalRunResult> {
  const produced = await produceStage(ctx);
  const processed = await processStage(ctx, produced);
  const outcomes = await deliverStage(ctx, produced, processed);
  const { queries, migrationsApplied } = await migrateQueryStage(ctx);
  const alarms = await alarmStage(ctx, produced, processed);
  const failures = runFailures(outcomes, queries, alarms);
  const buckets = Object.fromEntries(Object.entries(ctx.buckets).map(([role, b]) => [role, ctx.lake.bucketDir(b)]));
  const base: LocalRunResult = {
    ok: failures.length === 0,
    failures,
    span: { start: new Date(ctx.startMs).toISOString(), end: new Date(ctx.endMs).toISOString() },
    datasets: outcomes,
    alerts: alarms.alerts,
    attribution: alarms.attribution,
    evaluations: alarms.evaluations,
    health: alarms.health,
    scenarios: produced.windows,
    queries,
    migrationsApplied,
    stageMs: ctx.timer.ms,
    files: { dataDir: ctx.lake.dataDir, buckets },
  };
  const report = await reportStage(ctx, base);
  const result: LocalRunResult = report === undefined ? base : { ...base, files: { ...base.files, report } };
  ctx.o.print(formatSummary(result));
  return result;
}

/**
 * `npm run local`: the data plane on this machine with the project's own code.
 * kinesalite in process, the producers, the processor Lambda's handler behind a
 * local event source mapping, local raw and processed delivery streams, the
 * migrations and saved queries on DuckDB, and the alarm rules on the emitted
 * EMF, all on one simulated clock. Never throws for a failed check: `ok` says.
 */
export async function runLocal(options: LocalRunOptions = {}): Promise<LocalRunResult> {
  const o = resolveRunOptions(options);
  const env = runEnvironment(o.env, o.datasets);
  const lake = new LocalLake(o.dataDir);
  const spanMs = o.simulatedMinutes * 60_000;
  // Aligned to five minutes (the longest alarm period), ending before now: no event lies in the future.
  const startMs = Math.floor((o.now() - spanMs) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  const lock = await lake.reset();
  try {
    const kinesis = await startLocalKinesis();
    const client = createKinesisClient({ region: env.region, endpoint: kinesis.endpoint });
    try {
      const parquet = await ParquetWriter.open(join(lake.tempDir(), 'parquet'));
      try {
        const buckets = { raw: bucketName(env, 'raw'), processed: bucketName(env, 'processed'), quarantine: bucketName(env, 'quarantine') };
        const progress = new RunProgress(o.progress);
        return await runStages({
          o,
          env,
          datasets: o.datasets,
          lake,
          buckets,
          startMs,
          endMs: startMs + spanMs,
          client,
          parquet,
          progress,
          timer: new StageTimer(),
        });
      } finally {
        parquet.close();
      }
    } finally {
      // Closed also when the Parquet writer fails to open: kinesalite would keep its port otherwise.
      client.destroy();
      await kinesis.close();
    }
  } finally {
    await lock.release();
  }
}

/** The closing summary: counts and checks, alerts, file locations. */
export function formatSummary(result: LocalRunResult): string {
  const lines: string[] = ['', `== Summary (simulated ${result.span.start} .. ${result.span.end})`];
  lines.push(formatTable(result.datasets.map(datasetCountsRow)));
  lines.push('', `== Alerts (${result.alerts.length + result.health.alerts.length})`);
  if (result.alerts.length + result.health.alerts.length === 0) lines.push('none');
  for (const h of result.health.alerts)
    lines.push(
      `ALARM (pipeline health) ${h.key}: ${h.from} .. ${h.to} (${h.key.endsWith('delivery-failures') ? 'lowest' : 'peak'} ${Math.round(h.peak * 100) / 100}); ${h.description}`,
    );
  for (const { alert: a, scenario: s } of result.attribution.alerts) {
    const peak = a.peak !== null ? ` (${a.kind === 'silence' ? 'lowest' : 'peak'} ${Math.round(a.peak * 100) / 100})` : '';
    const cause = s !== undefined ? `scenario ${s.scenario} ${s.from} .. ${s.to}` : 'FALSE ALARM: no scenario explains it';
    lines.push(`ALARM ${a.dataset} ${a.ruleId}${a.source !== undefined ? ` ${a.source}` : ''}: ${a.from} .. ${a.to}${peak}; ${cause}`);
  }
  lines.push('', '== Files');
  for (const [role, dir] of Object.entries(result.files.buckets)) lines.push(`${role.padEnd(10)} ${dir}`);
  lines.push(`${'logs'.padEnd(10)} ${join(result.files.dataDir, 'logs')}`);
  if (result.files.report !== undefined) lines.push(`${'report'.padEnd(10)} ${result.files.report}`);
  lines.push('', result.ok ? 'All checks passed.' : `Checks FAILED:\n${result.failures.map((f) => `  - ${f}`).join('\n')}`);
  return `${lines.join('\n')}\n`;
}
