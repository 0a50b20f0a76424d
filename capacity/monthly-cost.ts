import type { EnvironmentConfig } from '../config/environment';
import type { DatasetDeclaration } from '../datasets/dataset';
import { capacityReport } from './capacity-model';
import { OPENSEARCH_INSTANCE_HOUR, PRICES, type Price } from './prices';

/** Hours in AWS's billing month. */
export const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const GIB = 1024 ** 3;

/** Assumptions of the cost model; each is printed under the table. */
export const COST_ASSUMPTIONS = {
  recordBytes: 500,
  /** gzip'ed raw JSON is this share of the JSON. */
  rawCompressedShare: 0.15,
  /** Parquet (Snappy) is this share of the JSON rows. */
  parquetShare: 0.2,
  /** Processor invocation: fixed milliseconds plus milliseconds per record. */
  invocationMs: 40,
  invocationMsPerRecord: 0.02,
  /** CloudWatch Logs bytes per invocation (EMF lines, start/end/report). */
  logBytesPerInvocation: 1500,
  /** Distinct EMF metric series per dataset (metrics x dimension values). */
  metricSeriesPerDataset: 30,
  /** Each crawler run and each compaction run: minutes at their DPUs (crawlers: 1 DPU). */
  crawlerRunMinutes: 10,
  jobRunMinutes: 10,
} as const;

export interface CostLine {
  readonly item: string;
  /** Billed quantity per month at the load, e.g. `1,002 GB`. */
  readonly quantity: string;
  readonly price: Price | undefined;
  readonly usd: number;
}

/** A synthesized stack's Terraform JSON (only `resource` is read). */
export interface SynthJson {
  readonly resource?: Record<string, unknown>;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function resources(json: SynthJson, type: string): Record<string, unknown>[] {
  return Object.values(obj(json.resource?.[type])).map(obj);
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** Runs per month of a Glue cron expression `cron(m h dom mon dow year)` (hourly, every n hours, or daily). */
export function runsPerMonth(cron: string): number {
  const hours = cron.replace(/^cron\(|\)$/g, '').split(/\s+/)[1] ?? '';
  const perDay = hours === '*' ? 24 : /^\*\/(\d+)$/.test(hours) ? Math.floor(24 / Number(hours.slice(2))) : hours.split(',').length;
  return (perDay * HOURS_PER_MONTH) / 24;
}

const fmtQ = (value: number, unit: string): string =>
  `${value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 2 })} ${unit}`;

/**
 * Monthly cost of one environment at `eventsPerSecond` per dataset: a documented model
 * of the billed quantities (from the config, the declarations and the synthesized
 * stack) times the list prices in prices.ts. Athena queries, data transfer, KMS and S3
 * GET requests are not modelled.
 */
export function monthlyCost(
  env: EnvironmentConfig,
  datasets: readonly DatasetDeclaration[],
  stack: SynthJson,
  eventsPerSecond: Readonly<Record<string, number>>,
): CostLine[] {
  const a = COST_ASSUMPTIONS;
  const lines: CostLine[] = [];
  const add = (item: string, quantity: number, unit: string, price: Price | undefined, usd: number): void =>
    void lines.push({ item, quantity: fmtQ(quantity, unit), price, usd });
  const rate = (d: DatasetDeclaration): number => eventsPerSecond[d.name] ?? 0;
  const records = (d: DatasetDeclaration): number => rate(d) * SECONDS_PER_MONTH;
  const kinesisGb = (d: DatasetDeclaration): number => (records(d) * Math.ceil(a.recordBytes / 1024) * 1024) / GIB;
  const firehoseGb = (d: DatasetDeclaration): number => (records(d) * Math.ceil(a.recordBytes / 5120) * 5120) / GIB;
  const sum = (f: (d: DatasetDeclaration) => number): number => datasets.reduce((t, d) => t + f(d), 0);

  // --- Kinesis ---
  const streams = resources(stack, 'aws_kinesis_stream');
  if (env.stream.mode === 'ON_DEMAND') {
    const p = PRICES.kinesisOnDemandStreamHour;
    add('Kinesis on-demand streams', streams.length * HOURS_PER_MONTH, 'stream-hours', p, streams.length * HOURS_PER_MONTH * p.usd);
    const inGb = sum(kinesisGb);
    add('Kinesis data written', inGb, 'GB', PRICES.kinesisOnDemandIngestGb, inGb * PRICES.kinesisOnDemandIngestGb.usd);
    const shared = env.processor.enhancedFanOut ? 1 : 2;
    add(
      `Kinesis data read, shared (${shared} consumer${shared > 1 ? 's' : ''})`,
      shared * inGb,
      'GB',
      PRICES.kinesisOnDemandRetrievalGb,
      shared * inGb * PRICES.kinesisOnDemandRetrievalGb.usd,
    );
    if (env.processor.enhancedFanOut)
      add(
        'Kinesis data read, enhanced fan-out (processor)',
        inGb,
        'GB',
        PRICES.kinesisOnDemandEfoRetrievalGb,
        inGb * PRICES.kinesisOnDemandEfoRetrievalGb.usd,
      );
    const retainedGbMonth = sum((d) => {
      const hours = env.streamRetentionHours[d.name] ?? d.retention.streamHours;
      return (kinesisGb(d) / SECONDS_PER_MONTH) * Math.max(0, Math.min(hours, 168) - 24) * 3600;
    });
    if (retainedGbMonth > 0)
      add(
        'Kinesis extended retention',
        retainedGbMonth,
        'GB-months',
        PRICES.kinesisExtendedRetentionGbMonth,
        retainedGbMonth * PRICES.kinesisExtendedRetentionGbMonth.usd,
      );
  } else {
    const shardHours = streams.length * env.stream.shardCount * HOURS_PER_MONTH;
    add('Kinesis provisioned shards', shardHours, 'shard-hours', PRICES.kinesisShardHour, shardHours * PRICES.kinesisShardHour.usd);
  }

  // --- Firehose: every stream ingests every record of its dataset ---
  const firehoses = resources(stack, 'aws_kinesis_firehose_delivery_stream');
  let ingestGb = 0;
  let conversionGb = 0;
  let objects = 0;
  for (const f of firehoses) {
    const name = typeof f.name === 'string' ? f.name : '';
    const dataset = datasets.find((d) => name.startsWith(`${env.namePrefix}-${d.name}-`));
    if (dataset === undefined) continue;
    ingestGb += firehoseGb(dataset);
    const s3 = obj(f.extended_s3_configuration);
    if (obj(s3.data_format_conversion_configuration).enabled === true) conversionGb += firehoseGb(dataset);
    const interval = num(s3.buffering_interval, num(obj(f.opensearch_configuration).buffering_interval, 300));
    if (rate(dataset) > 0) objects += SECONDS_PER_MONTH / Math.max(interval, 1);
  }
  add(`Firehose ingestion (${firehoses.length} streams)`, ingestGb, 'GB', PRICES.firehoseIngestGb, ingestGb * PRICES.firehoseIngestGb.usd);
  if (conversionGb > 0)
    add(
      'Firehose Parquet conversion',
      conversionGb,
      'GB',
      PRICES.firehoseFormatConversionGb,
      conversionGb * PRICES.firehoseFormatConversionGb.usd,
    );

  // --- Lambda: invocations from the capacity model ---
  const invocations = datasets.reduce((t, d) => {
    if (rate(d) <= 0) return t;
    const [model] = capacityReport({ env, datasets: [d], eventsPerSecond: rate(d), assumptions: { recordBytes: a.recordBytes } }).datasets;
    return t + (model === undefined ? 0 : model.invocationsPerSecond * SECONDS_PER_MONTH);
  }, 0);
  add('Lambda requests', invocations / 1e6, 'million', PRICES.lambdaRequestMillion, (invocations / 1e6) * PRICES.lambdaRequestMillion.usd);
  const perInvocationRecords = invocations > 0 ? sum(records) / invocations : 0;
  const gbSeconds =
    invocations * ((a.invocationMs + a.invocationMsPerRecord * perInvocationRecords) / 1000) * (env.processor.memoryMb / 1024);
  add('Lambda duration (arm64)', gbSeconds, 'GB-s', PRICES.lambdaArmGbSecond, gbSeconds * PRICES.lambdaArmGbSecond.usd);

  // --- S3, steady state once the lifecycle rules have filled the buckets ---
  const dayBytes = (d: DatasetDeclaration): number => rate(d) * 86_400 * a.recordBytes;
  const standardGb = sum(
    (d) =>
      (dayBytes(d) * (a.rawCompressedShare * d.retention.rawGlacierAfterDays + a.parquetShare * d.retention.processedExpireAfterDays)) /
      GIB,
  );
  add(
    'S3 Standard (raw until archived, processed until expiry)',
    standardGb,
    'GB-months',
    PRICES.s3StandardGbMonth,
    standardGb * PRICES.s3StandardGbMonth.usd,
  );
  const glacierGb = sum(
    (d) => (dayBytes(d) * a.rawCompressedShare * (d.retention.rawExpireAfterDays - d.retention.rawGlacierAfterDays)) / GIB,
  );
  add(
    'S3 Glacier Flexible Retrieval (archived raw)',
    glacierGb,
    'GB-months',
    PRICES.s3GlacierFlexibleGbMonth,
    glacierGb * PRICES.s3GlacierFlexibleGbMonth.usd,
  );
  add(
    'S3 PUT (one object per Firehose buffer)',
    objects / 1000,
    'thousand',
    PRICES.s3PutThousand,
    (objects / 1000) * PRICES.s3PutThousand.usd,
  );

  // --- OpenSearch, from the synthesized domain ---
  for (const domain of resources(stack, 'aws_opensearch_domain')) {
    const cluster = obj(domain.cluster_config);
    const nodes: [string, number][] = [[String(cluster.instance_type), num(cluster.instance_count, 1)]];
    if (cluster.dedicated_master_enabled === true)
      nodes.push([String(cluster.dedicated_master_type), num(cluster.dedicated_master_count, 3)]);
    for (const [type, count] of nodes) {
      const p = OPENSEARCH_INSTANCE_HOUR[type];
      add(
        `OpenSearch ${count} x ${type}`,
        count * HOURS_PER_MONTH,
        'instance-hours',
        p,
        p === undefined ? Number.NaN : count * HOURS_PER_MONTH * p.usd,
      );
    }
    const storage = num(obj(domain.ebs_options).volume_size, 0) * num(cluster.instance_count, 1);
    add('OpenSearch gp3 storage', storage, 'GB-months', PRICES.openSearchGp3GbMonth, storage * PRICES.openSearchGp3GbMonth.usd);
  }

  // --- CloudWatch ---
  const alarmMetrics = resources(stack, 'aws_cloudwatch_metric_alarm').reduce((t, alarm) => {
    const queries = Array.isArray(alarm.metric_query) ? (alarm.metric_query as Record<string, unknown>[]) : [];
    if (queries.length === 0) return t + 1;
    // An anomaly-detection alarm is billed as three metrics (the metric and the band's two bounds).
    if (queries.some((q) => typeof q.expression === 'string' && q.expression.startsWith('ANOMALY_DETECTION_BAND'))) return t + 3;
    return t + queries.filter((q) => q.metric !== undefined).length;
  }, 0);
  add('CloudWatch alarm metrics', alarmMetrics, 'metrics', PRICES.cloudWatchAlarmMetric, alarmMetrics * PRICES.cloudWatchAlarmMetric.usd);
  const series = datasets.length * a.metricSeriesPerDataset;
  add('CloudWatch custom metrics (EMF)', series, 'metrics', PRICES.cloudWatchCustomMetric, series * PRICES.cloudWatchCustomMetric.usd);
  const logGb = (invocations * a.logBytesPerInvocation) / GIB;
  add('CloudWatch Logs ingestion (processor)', logGb, 'GB', PRICES.cloudWatchLogsIngestGb, logGb * PRICES.cloudWatchLogsIngestGb.usd);
  const dashboards = resources(stack, 'aws_cloudwatch_dashboard').length;
  add('CloudWatch dashboards', dashboards, 'dashboards', PRICES.cloudWatchDashboard, dashboards * PRICES.cloudWatchDashboard.usd);

  // --- KMS, Secrets Manager, Glue ---
  const keys = resources(stack, 'aws_kms_key').length;
  add('KMS customer managed keys', keys, 'keys', PRICES.kmsKeyMonth, keys * PRICES.kmsKeyMonth.usd);
  const secrets = resources(stack, 'aws_secretsmanager_secret').length;
  if (secrets > 0) add('Secrets Manager secrets', secrets, 'secrets', PRICES.secretMonth, secrets * PRICES.secretMonth.usd);
  const crawlerDpuHours = resources(stack, 'aws_glue_crawler').reduce(
    (t, c) => t + (runsPerMonth(String(c.schedule ?? '')) * a.crawlerRunMinutes) / 60,
    0,
  );
  add('Glue crawler runs', crawlerDpuHours, 'DPU-hours', PRICES.glueDpuHour, crawlerDpuHours * PRICES.glueDpuHour.usd);
  const jobs = resources(stack, 'aws_glue_job');
  const triggers = resources(stack, 'aws_glue_trigger');
  const jobDpuHours = jobs.reduce((t, job) => {
    const dpu = num(job.number_of_workers, 2) * (job.worker_type === 'G.2X' ? 2 : job.worker_type === 'G.4X' ? 4 : 1);
    const runs = triggers.reduce((r, trigger) => r + runsPerMonth(String(trigger.schedule ?? '')), 0);
    return t + (dpu * runs * a.jobRunMinutes) / 60;
  }, 0);
  add('Glue compaction job runs', jobDpuHours, 'DPU-hours', PRICES.glueDpuHour, jobDpuHours * PRICES.glueDpuHour.usd);
  return lines;
}

/** The load the producers generate by default: access logs at `--rate` 200/s, each turbine one reading per 5 s. */
export function defaultLoad(turbines: number): Record<string, number> {
  return { 'access-logs': 200, 'turbine-telemetry': turbines / 5 };
}

/** Markdown table: one line per item, cost at the default load and at `factor` times it. */
export function renderCostTable(base: readonly CostLine[], scaled: readonly CostLine[], factor: number): string {
  const money = (usd: number): string => (Number.isNaN(usd) ? 'not priced' : `$${usd.toFixed(2)}`);
  const rows = base.map((line, i) => {
    const p = line.price;
    const page =
      p === undefined
        ? 'no list price here'
        : `[${new URL(p.page).pathname.split('/').filter(Boolean)[0] ?? p.page} pricing](${p.page}), read ${p.read}`;
    return `| ${line.item} | ${line.quantity} | ${p === undefined ? '-' : `$${p.usd} per ${p.unit}`} | ${money(line.usd)} | ${money(scaled[i]?.usd ?? Number.NaN)} | ${page} |`;
  });
  const total = (lines: readonly CostLine[]): string => {
    const priced = lines.filter((l) => !Number.isNaN(l.usd));
    return `$${priced.reduce((t, l) => t + l.usd, 0).toFixed(2)}${priced.length < lines.length ? ' + unpriced' : ''}`;
  };
  return [
    `| item | quantity (default load) | unit price | default | ${factor}x load | pricing page |`,
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows,
    `| **total** | | | **${total(base)}** | **${total(scaled)}** | |`,
    '',
  ].join('\n');
}
