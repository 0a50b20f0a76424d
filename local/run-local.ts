import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnvironments, type EnvironmentConfig } from '../config/environment';
import { ENVIRONMENTS } from '../config/environments';
import { bucketName, processorFunctionName, rawDeliveryStreamName, streamName } from '../config/resource-names';
import { accessLogs } from '../datasets/access-logs';
import type { DatasetDeclaration } from '../datasets/dataset';
import { metricNamespace } from '../datasets/naming';
import { DATASETS } from '../datasets/registry';
import { turbineTelemetry } from '../datasets/turbine-telemetry';
import { applyMigrations, createLocalEngine, listSavedQueries, runSavedQuery } from '../migrate';
import {
  assignTurbineScenarios,
  createKinesisClient,
  createStream,
  generateAccessLogs,
  KinesisBatchSender,
  sendRun,
  simulateTurbine,
  startLocalKinesis,
  type ScenarioWindow,
  type SendTotals,
} from '../producers';
import { evaluateAlarms, type Alert, type RuleEvaluation } from './alarm-evaluator';
import { DownstreamOutage } from './downstream-outage';
import { LocalOptionError } from './errors';
import { EventSourcePoller, type PollerStats } from './event-source-poller';
import { FailureDestination, localMappingUuid } from './failure-destination';
import { FileObjectStore } from './file-object-store';
import { inspectLake, type LakeCounts } from './lake-inspector';
import { LocalLake } from './local-lake';
import { CollectingLogger, createLocalProcessor } from './local-processor';
import { MetricStore } from './metric-store';
import { ParquetWriter } from './parquet-writer';
import { LocalFirehoseApi, ProcessedDeliveryStream } from './processed-delivery-stream';
import { RunProgress } from './progress';
import { deliverRaw } from './raw-delivery-stream';
import { resolveRunOptions, type LocalRunOptions, type ResolvedRunOptions } from './run-options';
import { datasetCountsRow } from './dataset-counts';
import { renderHtmlReport } from './html-report';
import { attributeAlerts, type AlertAttribution } from './scenario-alarms';
import { formatTable, type Cell } from './text-table';
import { DeliveryObserver, evaluateHealth, HealthMetrics, type HealthAlert, type HealthEvaluation } from './health-alarms';
import { SimulatedClock } from './simulated-clock';

/** Stages of the run, in order; the bench reports the share of time of each. */
export const STAGES = ['produce', 'poll+process', 'deliver', 'migrate+query', 'alarms', 'report'] as const;
export type Stage = (typeof STAGES)[number];

const FIVE_MINUTES_MS = 300_000;

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
  readonly health: { readonly evaluations: readonly HealthEvaluation[]; readonly alerts: readonly HealthAlert[] };
  readonly scenarios: readonly ScenarioWindow[];
  readonly queries: readonly QueryOutcome[];
  readonly migrationsApplied: number;
  /** Wall milliseconds per stage. */
  readonly stageMs: Readonly<Record<Stage, number>>;
  readonly files: { readonly dataDir: string; readonly report?: string; readonly buckets: Readonly<Record<string, string>> };
}

function environmentNamed(name: string): EnvironmentConfig {
  const all = parseEnvironments(ENVIRONMENTS, DATASETS.map((d) => d.name));
  const env = all.find((e) => e.name === name);
  if (env === undefined) throw new LocalOptionError('env', `unknown environment '${name}'; expected one of ${all.map((e) => e.name).join(', ')}`);
  return env;
}

/** A deterministic RFC 4122-shaped id for the i-th malformed record. */
function invalidEventId(seed: number, i: number): string {
  const h = createHash('sha256').update(`invalid-${seed}-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Produced {
  readonly accessLogs: readonly object[];
  /** The three turbines' readings, merged by event time. */
  readonly turbines: readonly object[];
  readonly windows: ScenarioWindow[];
}

function byEventTime(field: string): (a: object, b: object) => number {
  return (a, b) => String((a as Record<string, unknown>)[field]).localeCompare(String((b as Record<string, unknown>)[field]));
}

/** Generates both datasets with the producers' generators on the simulated span. */
function generate(o: ResolvedRunOptions, startMs: number): Produced {
  const span = o.simulatedMinutes * 60_000;
  const logs = generateAccessLogs({ seed: o.seed, count: o.count, start: new Date(startMs), simulatedDurationMs: span, scenarios: o.accessLogScenarios });
  const accessRecords: object[] = [...logs.records];
  // Malformed on purpose (status out of range): they must end in the quarantine, not vanish.
  for (let i = 0; i < o.invalidRecords && logs.records.length > 0; i++) {
    const base = logs.records[Math.floor(((i + 0.5) * logs.records.length) / o.invalidRecords)] ?? logs.records[0];
    accessRecords.push({ ...base, event_id: invalidEventId(o.seed, i), status_code: 999 });
  }
  accessRecords.sort(byEventTime(accessLogs.eventTimeField));
  const windows = [...logs.windows];
  const turbines: object[] = [];
  for (const assignment of assignTurbineScenarios(o.turbineScenarios)) {
    const run = simulateTurbine({
      turbineId: assignment.turbineId,
      seed: o.seed,
      start: new Date(startMs),
      simulatedDurationMs: span,
      scenarios: assignment.scenarios,
      ...(o.readingsPerTurbine !== undefined ? { count: o.readingsPerTurbine } : {}),
    });
    turbines.push(...run.records);
    windows.push(...run.windows);
  }
  turbines.sort(byEventTime(turbineTelemetry.eventTimeField));
  return { accessLogs: accessRecords, turbines, windows };
}

/**
 * Sends with the producers' batch sender, at full speed. Paced producers put
 * records in event-time order, interleaving the three turbine apps; sent at full
 * speed, separate apps would put one turbine's whole span before the next one's.
 * So each dataset goes through one sender in event-time order, which is the
 * order the shards would hold in a live run.
 */
async function produce(client: KinesisClient, env: EnvironmentConfig, produced: Produced): Promise<Record<string, SendTotals>> {
  const send = (dataset: DatasetDeclaration, records: readonly object[]): Promise<SendTotals> =>
    sendRun({ dataset, records, sender: new KinesisBatchSender({ client, streamName: streamName(env, dataset) }) });
  const [logs, turbines] = await Promise.all([send(accessLogs, produced.accessLogs), send(turbineTelemetry, produced.turbines)]);
  return { [accessLogs.name]: logs, [turbineTelemetry.name]: turbines };
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
  const env = environmentNamed(o.env);
  const lake = new LocalLake(o.dataDir);
  const spanMs = o.simulatedMinutes * 60_000;
  // Aligned to five minutes (the longest alarm period), ending before now: no event lies in the future.
  const startMs = Math.floor((o.now() - spanMs) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  const lock = await lake.reset();
  try {
    return await runLocked(o, env, lake, startMs);
  } finally {
    await lock.release();
  }
}

/** The run itself, with the data directory locked and emptied. */
async function runLocked(o: ResolvedRunOptions, env: EnvironmentConfig, lake: LocalLake, startMs: number): Promise<LocalRunResult> {
  const datasets = [accessLogs, turbineTelemetry];
  const progress = new RunProgress(o.progress);
  const stageMs = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const timed = async <T>(stage: Stage, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      stageMs[stage] += performance.now() - t0;
    }
  };
  const print = o.print;
  const buckets = { raw: bucketName(env, 'raw'), processed: bucketName(env, 'processed'), quarantine: bucketName(env, 'quarantine') };
  const endMs = startMs + o.simulatedMinutes * 60_000;
  const kinesis = await startLocalKinesis();
  const client = createKinesisClient({ region: env.region, endpoint: kinesis.endpoint });
  const parquet = await ParquetWriter.open(join(lake.tempDir(), 'parquet'));
  try {
    // 1-2. Kinesis streams and the producers.
    progress.start('produce');
    const generated = generate(o, startMs);
    const sent = await timed('produce', async () => {
      for (const d of datasets) await createStream(client, streamName(env, d), o.shardCount);
      return produce(client, env, generated);
    });
    progress.finish(datasets.map((d) => `${d.name} ${sent[d.name]?.sent ?? 0}`).join(', '));

    // 3. Event source mapping + processor, per dataset, on its own simulated clock.
    progress.start('poll+process');
    const emf: Record<string, string[]> = {};
    const logs: Record<string, CollectingLogger> = {};
    const streams: ProcessedDeliveryStream[] = [];
    const destinations: Record<string, FailureDestination> = {};
    const processedSoFar: Record<string, number> = {};
    const health = new HealthMetrics();
    const pollers = datasets.map((dataset) => {
      const clock = new SimulatedClock(startMs);
      const functionName = processorFunctionName(env, dataset);
      const functionArn = `arn:aws:lambda:${env.region}:${env.accountId}:function:${functionName}`;
      const stream = streamName(env, dataset);
      const streamArn = `arn:aws:kinesis:${env.region}:${env.accountId}:stream/${stream}`;
      const delivery = new ProcessedDeliveryStream({ name: `${env.namePrefix}-${dataset.name}-processed`, dataset, bucket: buckets.processed, lake, parquet });
      streams.push(delivery);
      const localFirehose = new LocalFirehoseApi([delivery], clock);
      const outage = o.firehoseOutage;
      const faulty =
        outage === undefined
          ? localFirehose
          : new DownstreamOutage(localFirehose, clock, { fromMs: startMs + outage.fromMinute * 60_000, toMs: startMs + outage.fromMinute * 60_000 + outage.seconds * 1000 });
      const firehose = new DeliveryObserver(faulty, clock, (t, success) => health.record(`${dataset.name}/processed-delivery-failures`, t, success));
      const lines: string[] = [];
      emf[dataset.name] = lines;
      const logger = new CollectingLogger(clock);
      logs[dataset.name] = logger;
      const destination = new FailureDestination({ lake, bucket: buckets.quarantine, mappingUuid: localMappingUuid(functionName, stream), functionArn, streamArn });
      destinations[dataset.name] = destination;
      return new EventSourcePoller({
        client,
        streamName: stream,
        streamArn,
        functionArn,
        region: env.region,
        dataset,
        settings: {
          batchSize: env.processor.batchSize,
          maximumBatchingWindowSeconds: env.processor.maximumBatchingWindowSeconds,
          maximumRetryAttempts: env.processor.maximumRetryAttempts,
          maximumRecordAgeSeconds: env.processor.maximumRecordAgeSeconds,
          bisectBatchOnFunctionError: true,
          timeoutSeconds: env.processor.timeoutSeconds,
        },
        handler: createLocalProcessor({ env, dataset, firehose, objectStore: new FileObjectStore(lake), clock, emf: (line) => lines.push(line), logger, seed: o.seed }),
        clock,
        startMs,
        failureDestination: destination,
        onTime: (now) => delivery.tick(now),
        onInvocation: (m) => {
          health.record(`${dataset.name}/iterator-age`, m.nowMs, m.iteratorAgeMs);
          health.record(`${dataset.name}/lambda-errors`, m.nowMs, m.functionError ? 1 : 0);
        },
        onInvoke: (s) => {
          processedSoFar[dataset.name] = s.succeeded;
          progress.update(datasets.map((d) => `${d.name} ${processedSoFar[d.name] ?? 0}/${sent[d.name]?.sent ?? 0}`).join(', '));
        },
      });
    });
    const parquetBefore = parquet.elapsedMs;
    const polled = await timed('poll+process', () => Promise.all(pollers.map((p) => p.run())));
    // Parquet written while polling is the processed Firehose's work: count it as delivery.
    stageMs['poll+process'] -= parquet.elapsedMs - parquetBefore;
    stageMs.deliver += parquet.elapsedMs - parquetBefore;
    progress.finish(datasets.map((d, i) => `${d.name} ${polled[i]?.invocations ?? 0} invocations, ${polled[i]?.retries ?? 0} retries`).join(', '));

    // 4. Raw delivery (its own consumer of the stream) and the last processed buffers.
    progress.start('deliver');
    await timed('deliver', async () => {
      for (const s of streams) await s.flush();
      for (const d of datasets) {
        await deliverRaw({ client, streamName: streamName(env, d), deliveryStreamName: rawDeliveryStreamName(env, d), dataset: d, bucket: buckets.raw, lake, startMs });
      }
      await mkdir(join(lake.dataDir, 'logs'), { recursive: true });
      for (const d of datasets) {
        await writeFile(join(lake.dataDir, 'logs', `${processorFunctionName(env, d)}.log`), (logs[d.name]?.lines ?? []).join('\n'));
        await writeFile(join(lake.dataDir, 'logs', `${processorFunctionName(env, d)}.emf.ndjson`), (emf[d.name] ?? []).join('\n'));
      }
    });
    const outcomes: DatasetOutcome[] = [];
    for (const [i, d] of datasets.entries()) {
      const counts = await timed('deliver', () => inspectLake(lake, buckets, d));
      const totals = sent[d.name];
      const produced = totals?.sent ?? 0;
      const failed = destinations[d.name]?.recordCount ?? 0;
      outcomes.push({
        dataset: d.name,
        produced,
        produceFailed: totals?.failed ?? 0,
        lake: counts,
        failed,
        poller: polled[i] as PollerStats,
        conserved: produced === counts.processed + counts.quarantined,
        rawComplete: counts.raw === produced,
      });
    }
    progress.finish(outcomes.map((x) => `${x.dataset} raw ${x.lake.raw}, processed ${x.lake.processed}, quarantined ${x.lake.quarantined}`).join('; '));

    // 5. Migrations and saved queries on the local engine.
    const queries: QueryOutcome[] = [];
    let migrationsApplied = 0;
    if (o.queries) {
      progress.start('migrate+query');
      await timed('migrate+query', async () => {
        const engine = await createLocalEngine({ dataDir: lake.dataDir, env });
        try {
          const applied = await applyMigrations(engine);
          migrationsApplied = applied.applied.length;
          for (const q of listSavedQueries()) {
            try {
              queries.push({ name: q.name, description: q.description, rows: await runSavedQuery(engine, q.name) });
            } catch (error) {
              queries.push({ name: q.name, description: q.description, rows: [], error: error instanceof Error ? error.message : String(error) });
            }
          }
        } finally {
          await engine.close();
        }
      });
      progress.finish(`${migrationsApplied} migrations applied, ${queries.length} saved queries run`);
      for (const q of queries) {
        print(`\n== ${q.name}: ${q.description}\n${q.error !== undefined ? `FAILED: ${q.error}` : formatTable(q.rows)}\n`);
      }
    }

    // 6. Alarms on the EMF the processor wrote.
    progress.start('alarms');
    const evaluations = await timed('alarms', () => {
      const all: RuleEvaluation[] = [];
      for (const d of datasets) {
        const store = new MetricStore(metricNamespace(env.name));
        for (const line of emf[d.name] ?? []) store.ingest(line);
        all.push(...evaluateAlarms(d, store, { startMs, endMs }));
      }
      return Promise.resolve(all);
    });
    for (const d of Object.values(destinations)) for (const t of d.putTimesMs) health.record('failure-destination', t, 1);
    const healthEvaluations = evaluateHealth(health, datasets.map((d) => d.name));
    const healthAlerts = healthEvaluations.flatMap((e) => e.alerts);
    const alerts = evaluations.flatMap((e) => e.alerts);
    const attribution = attributeAlerts(evaluations, generated.windows);
    progress.finish(`${evaluations.length + healthEvaluations.length} alarms evaluated (${healthEvaluations.length} pipeline health), ${alerts.length + healthAlerts.length} alerts`);

    const failures: string[] = [];
    for (const x of outcomes) {
      if (!x.conserved) failures.push(`${x.dataset}: produced ${x.produced} != processed ${x.lake.processed} + quarantined ${x.lake.quarantined} (failed to destination: ${x.failed})`);
      if (!x.rawComplete) failures.push(`${x.dataset}: produced ${x.produced} but the raw bucket holds ${x.lake.raw}`);
      if (x.produceFailed > 0) failures.push(`${x.dataset}: ${x.produceFailed} records could not be put to the stream`);
    }
    for (const q of queries) if (q.error !== undefined) failures.push(`saved query ${q.name} failed: ${q.error}`);
    for (const a of attribution.unexplained) failures.push(`false alarm: ${a.dataset} ${a.ruleId}${a.source !== undefined ? ` ${a.source}` : ''} fired ${a.from} .. ${a.to}, inside no scenario window that trips it`);
    for (const h of healthAlerts) failures.push(`pipeline health alarm ${h.key} fired ${h.from} .. ${h.to}: ${h.description}`);
    for (const m of attribution.missed) failures.push(`missed alarm: scenario ${m.scenario.scenario} (${m.scenario.from} .. ${m.scenario.to}) raised no ${m.dataset} ${m.ruleId} alert`);

    const bucketDirs = Object.fromEntries(Object.entries(buckets).map(([role, b]) => [role, lake.bucketDir(b)]));
    const resultBase = {
      ok: failures.length === 0,
      failures,
      span: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
      datasets: outcomes,
      alerts,
      attribution,
      evaluations,
      health: { evaluations: healthEvaluations, alerts: healthAlerts },
      scenarios: generated.windows,
      queries,
      migrationsApplied,
      stageMs,
    };

    // 7. Report.
    let report: string | undefined;
    if (o.report) {
      progress.start('report');
      report = await timed('report', async () => {
        const path = join(lake.dataDir, 'report.html');
        await writeFile(path, renderHtmlReport({ ...resultBase, files: { dataDir: lake.dataDir, buckets: bucketDirs } }));
        return path;
      });
      progress.finish(report);
    }
    const result: LocalRunResult = { ...resultBase, files: { dataDir: lake.dataDir, buckets: bucketDirs, ...(report !== undefined ? { report } : {}) } };
    print(formatSummary(result));
    return result;
  } finally {
    parquet.close();
    client.destroy();
    await kinesis.close();
  }
}

/** The closing summary: counts and checks, alerts, file locations. */
export function formatSummary(result: LocalRunResult): string {
  const lines: string[] = ['', `== Summary (simulated ${result.span.start} .. ${result.span.end})`];
  lines.push(formatTable(result.datasets.map(datasetCountsRow)));
  lines.push('', `== Alerts (${result.alerts.length + result.health.alerts.length})`);
  if (result.alerts.length + result.health.alerts.length === 0) lines.push('none');
  for (const h of result.health.alerts) lines.push(`ALARM (pipeline health) ${h.key}: ${h.from} .. ${h.to} (${h.key.endsWith('delivery-failures') ? 'lowest' : 'peak'} ${Math.round(h.peak * 100) / 100}); ${h.description}`);
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
