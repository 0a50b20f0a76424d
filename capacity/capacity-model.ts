import { ExitCode } from '../cli/exit-codes';
import type { EnvironmentConfig } from '../config/environment';
import type { DatasetDeclaration } from '../datasets/dataset';
import { CAPACITY_DEFAULTS, type CapacityAssumptions } from './capacity-defaults';
import {
  directPutQuota,
  KINESIS_SHARD,
  LAMBDA_CONCURRENT_EXECUTIONS,
  LAMBDA_SYNC_PAYLOAD_BYTES,
  ON_DEMAND_MIN_SHARDS,
  onDemandMaxWriteBytesPerSecond,
  openSearchPayloadLimitBytes,
  PUT_RECORD_BATCH,
  SOURCES,
} from './quotas';

export const MIB = 1024 * 1024;

export type Stage = 'stream' | 'processor' | 'processed' | 'search' | 'opensearch';
export type Unit = 'MiB/s' | 'records/s' | 'requests/s' | 'GetRecords/s' | 'executions' | 'MiB';

/** One load compared with one quota (or, for `kind: 'assumption'`, with an assumed capacity). */
export interface QuotaLine {
  /** Dataset name, or `account` for what the datasets share. */
  readonly scope: string;
  readonly stage: Stage;
  readonly quota: string;
  readonly load: number;
  readonly limit: number;
  readonly unit: Unit;
  /** load / limit. */
  readonly utilization: number;
  readonly kind: 'quota' | 'assumption';
  /** The AWS page, or the assumption the figure rests on. */
  readonly source: string;
}

export interface DatasetModel {
  readonly dataset: string;
  /** Shards the stream has (provisioned) or scales to (on-demand model). */
  readonly shards: number;
  readonly concurrency: number;
  readonly recordsPerInvocation: number;
  readonly invocationsPerSecond: number;
  readonly putRecordBatchCallsPerInvocation: number;
}

export interface BreakPoint {
  readonly line: QuotaLine;
  /** Lowest whole events/s per dataset at which the line goes over 100 %; undefined: not below the search ceiling. */
  readonly atEventsPerSecond: number | undefined;
}

export interface CapacityReport {
  readonly environment: string;
  readonly region: string;
  readonly eventsPerSecond: number;
  readonly assumptions: CapacityAssumptions;
  readonly datasets: readonly DatasetModel[];
  readonly lines: readonly QuotaLine[];
  /** Where each line (same order as `lines`) goes over 100 %. */
  readonly breakPoints: readonly BreakPoint[];
  /** The AWS quota that breaks at the lowest load (over 100 % already when its point is at or below the load). */
  readonly firstToBreak: BreakPoint | undefined;
  /** The same for the assumed capacities (OpenSearch indexing). */
  readonly firstAssumptionToBreak: BreakPoint | undefined;
  /** Statements of the model, printed with the table. */
  readonly notes: readonly string[];
}

export interface CapacityInput {
  readonly env: EnvironmentConfig;
  readonly datasets: readonly DatasetDeclaration[];
  /** Events per second per dataset. */
  readonly eventsPerSecond: number;
  readonly assumptions?: Partial<CapacityAssumptions>;
}

/** A capacity input the model cannot use; the message names the field. */
export class CapacityInputError extends Error {
  public readonly exitCode = ExitCode.Usage;
  public constructor(message: string) {
    super(message);
    this.name = 'CapacityInputError';
  }
}

/**
 * The load of each declared dataset, stage by stage, against each AWS quota that
 * applies, for one environment at `eventsPerSecond` per dataset. A pure function of the
 * config, the declarations and the assumptions: no AWS call, no clock.
 */
export function capacityReport(input: CapacityInput): CapacityReport {
  const assumptions: CapacityAssumptions = { ...CAPACITY_DEFAULTS, ...input.assumptions };
  validate(input, assumptions);
  const { lines, datasets } = evaluate(input.env, input.datasets, input.eventsPerSecond, assumptions);
  const points = breakPoints(input.env, input.datasets, assumptions, lines);
  const first = (kind: QuotaLine['kind']): BreakPoint | undefined =>
    points
      .filter((p) => p.line.kind === kind && p.atEventsPerSecond !== undefined)
      .sort((a, b) => (a.atEventsPerSecond ?? 0) - (b.atEventsPerSecond ?? 0))[0];
  return {
    environment: input.env.name,
    region: input.env.region,
    eventsPerSecond: input.eventsPerSecond,
    assumptions,
    datasets,
    lines,
    breakPoints: points,
    firstToBreak: first('quota'),
    firstAssumptionToBreak: first('assumption'),
    notes: notesOf(input.env, assumptions),
  };
}

function validate(input: CapacityInput, a: CapacityAssumptions): void {
  const problems: string[] = [];
  if (!(Number.isFinite(input.eventsPerSecond) && input.eventsPerSecond > 0))
    problems.push(`eventsPerSecond: got ${input.eventsPerSecond}; expected a number above 0`);
  if (!(Number.isInteger(a.recordBytes) && a.recordBytes >= 1 && a.recordBytes <= 1_024_000))
    problems.push(`recordBytes: got ${a.recordBytes}; expected an integer from 1 to 1024000 (the Firehose record limit)`);
  if (!(a.indexingBytesPerSecondPerNode > 0))
    problems.push(`indexingBytesPerSecondPerNode: got ${a.indexingBytesPerSecondPerNode}; expected a number above 0`);
  if (!(Number.isInteger(a.openSearchReplicas) && a.openSearchReplicas >= 0))
    problems.push(`openSearchReplicas: got ${a.openSearchReplicas}; expected an integer >= 0`);
  if (!(a.searchBufferBytes > 0)) problems.push(`searchBufferBytes: got ${a.searchBufferBytes}; expected a number above 0`);
  if (!(a.pollsPerSecondPerShard > 0)) problems.push(`pollsPerSecondPerShard: got ${a.pollsPerSecondPerShard}; expected a number above 0`);
  if (!(Number.isFinite(a.maxEventsPerSecond) && a.maxEventsPerSecond >= input.eventsPerSecond))
    problems.push(`maxEventsPerSecond: got ${a.maxEventsPerSecond}; expected a finite number of at least eventsPerSecond`);
  if (input.datasets.length === 0) problems.push('datasets: expected at least one dataset declaration');
  if (problems.length > 0) throw new CapacityInputError(problems.join('; '));
}

/** Shards of the stream: provisioned as configured; on-demand by the stated model. */
export function modelShards(env: EnvironmentConfig, eventsPerSecond: number, recordBytes: number): number {
  if (env.stream.mode === 'PROVISIONED') return env.stream.shardCount;
  const mib = (eventsPerSecond * recordBytes) / MIB;
  return Math.max(ON_DEMAND_MIN_SHARDS, Math.ceil(mib), Math.ceil(eventsPerSecond / KINESIS_SHARD.writeRecordsPerSecond));
}

function line(
  scope: string,
  stage: Stage,
  quota: string,
  load: number,
  limit: number,
  unit: Unit,
  kind: QuotaLine['kind'],
  source: string,
): QuotaLine {
  return { scope, stage, quota, load, limit, unit, utilization: load / limit, kind, source };
}

function evaluate(
  env: EnvironmentConfig,
  declarations: readonly DatasetDeclaration[],
  n: number,
  a: CapacityAssumptions,
): { lines: QuotaLine[]; datasets: DatasetModel[] } {
  const lines: QuotaLine[] = [];
  const datasets: DatasetModel[] = [];
  const bytes = n * a.recordBytes;
  const firehose = directPutQuota(env.region);
  const search = env.opensearch.enabled;
  const p = env.processor;
  let accountConcurrency = 0;
  for (const d of declarations) {
    const shards = modelShards(env, n, a.recordBytes);
    // --- Kinesis write ---
    if (env.stream.mode === 'ON_DEMAND') {
      lines.push(
        line(
          d.name,
          'stream',
          'Kinesis on-demand write ceiling per stream',
          bytes / MIB,
          onDemandMaxWriteBytesPerSecond(env.region) / MIB,
          'MiB/s',
          'quota',
          SOURCES.kinesis.page,
        ),
      );
    } else {
      lines.push(
        line(
          d.name,
          'stream',
          `Kinesis write, ${shards} provisioned shards x 1 MiB/s`,
          bytes / MIB,
          (shards * KINESIS_SHARD.writeBytesPerSecond) / MIB,
          'MiB/s',
          'quota',
          SOURCES.kinesisShard.page,
        ),
      );
      lines.push(
        line(
          d.name,
          'stream',
          `Kinesis write, ${shards} provisioned shards x 1,000 records/s`,
          n,
          shards * KINESIS_SHARD.writeRecordsPerSecond,
          'records/s',
          'quota',
          SOURCES.kinesisShard.page,
        ),
      );
    }
    // --- Kinesis read: the raw Firehose always shares the shard; the processor does unless it has enhanced fan-out ---
    const shared = p.enhancedFanOut ? 1 : 2;
    const sharedWho = p.enhancedFanOut ? 'raw Firehose' : 'raw Firehose + processor';
    lines.push(
      line(
        d.name,
        'stream',
        `Kinesis shared read (${sharedWho})`,
        (shared * bytes) / MIB,
        (shards * KINESIS_SHARD.readBytesPerSecond) / MIB,
        'MiB/s',
        'quota',
        SOURCES.kinesis.page,
      ),
    );
    if (p.enhancedFanOut) {
      lines.push(
        line(
          d.name,
          'stream',
          'Kinesis enhanced fan-out read (processor)',
          bytes / MIB,
          (shards * KINESIS_SHARD.readBytesPerSecond) / MIB,
          'MiB/s',
          'quota',
          SOURCES.kinesis.page,
        ),
      );
    }
    lines.push(
      line(
        d.name,
        'stream',
        `GetRecords per shard (${sharedWho}, ${a.pollsPerSecondPerShard}/s each assumed)`,
        shared * a.pollsPerSecondPerShard,
        KINESIS_SHARD.readTransactionsPerSecond,
        'GetRecords/s',
        'quota',
        SOURCES.kinesis.page,
      ),
    );
    // --- Processor ---
    const concurrency = shards * p.parallelizationFactor;
    accountConcurrency += concurrency;
    lines.push(
      line(
        d.name,
        'processor',
        `Lambda concurrency (${shards} shards x parallelization ${p.parallelizationFactor})`,
        concurrency,
        LAMBDA_CONCURRENT_EXECUTIONS,
        'executions',
        'quota',
        SOURCES.lambda.page,
      ),
    );
    // A batch closes when it is full, when the window ends, or (no window) at the next once-a-second poll;
    // it is also cut at the 6 MB synchronous invocation payload.
    const perSlot = n / concurrency;
    const window = Math.max(p.maximumBatchingWindowSeconds, 1);
    const recordsPerInvocation = Math.max(
      1,
      Math.min(p.batchSize, perSlot * window, Math.floor(LAMBDA_SYNC_PAYLOAD_BYTES / a.recordBytes)),
    );
    const invocationsPerSecond = n / recordsPerInvocation;
    const calls = Math.max(
      Math.ceil(recordsPerInvocation / PUT_RECORD_BATCH.maxRecords),
      Math.ceil((recordsPerInvocation * a.recordBytes) / PUT_RECORD_BATCH.maxBytes),
    );
    datasets.push({
      dataset: d.name,
      shards,
      concurrency,
      recordsPerInvocation,
      invocationsPerSecond,
      putRecordBatchCallsPerInvocation: calls,
    });
    // --- Direct PUT delivery streams: every valid record goes to processed (and search) ---
    for (const stage of search ? (['processed', 'search'] as const) : (['processed'] as const)) {
      lines.push(
        line(
          d.name,
          stage,
          'Firehose Direct PUT bytes',
          bytes / MIB,
          firehose.bytesPerSecond / MIB,
          'MiB/s',
          'quota',
          SOURCES.firehose.page,
        ),
      );
      lines.push(
        line(d.name, stage, 'Firehose Direct PUT records', n, firehose.recordsPerSecond, 'records/s', 'quota', SOURCES.firehose.page),
      );
      lines.push(
        line(
          d.name,
          stage,
          'Firehose Direct PUT requests',
          invocationsPerSecond * calls,
          firehose.requestsPerSecond,
          'requests/s',
          'quota',
          SOURCES.firehose.page,
        ),
      );
    }
  }
  if (declarations.length > 1) {
    lines.push(
      line(
        'account',
        'processor',
        'Lambda concurrency, all processors (account quota)',
        accountConcurrency,
        LAMBDA_CONCURRENT_EXECUTIONS,
        'executions',
        'quota',
        SOURCES.lambda.page,
      ),
    );
  }
  if (search) {
    const payload = openSearchPayloadLimitBytes(env.opensearch.instanceType);
    if (payload !== undefined) {
      lines.push(
        line(
          'account',
          'opensearch',
          `HTTP payload, ${env.opensearch.instanceType} (bulk request = Firehose buffer)`,
          a.searchBufferBytes / MIB,
          payload / MIB,
          'MiB',
          'quota',
          SOURCES.opensearch.page,
        ),
      );
    }
    const replicas = Math.min(a.openSearchReplicas, env.opensearch.instanceCount - 1);
    const capacity = (env.opensearch.instanceCount * a.indexingBytesPerSecondPerNode) / (1 + replicas);
    lines.push(
      line(
        'account',
        'opensearch',
        `indexing: ${env.opensearch.instanceCount} nodes x ${fmt(a.indexingBytesPerSecondPerNode / MIB)} MiB/s / ${1 + replicas} copies`,
        (declarations.length * bytes) / MIB,
        capacity / MIB,
        'MiB/s',
        'assumption',
        'assumed indexing rate per data node (not an AWS quota)',
      ),
    );
  }
  return { lines, datasets };
}

/**
 * For each line, the lowest whole events/s per dataset at which it goes over 100 %.
 * The lines of one environment are the same at every load, in the same order, so a
 * line is known by its position. A geometric scan (x1.25 from 1 event/s, bounded by
 * maxEventsPerSecond) finds a step over the limit, then bisection between the last
 * step under it and that step.
 */
function breakPoints(
  env: EnvironmentConfig,
  declarations: readonly DatasetDeclaration[],
  a: CapacityAssumptions,
  current: readonly QuotaLine[],
): BreakPoint[] {
  const over = (n: number): boolean[] => evaluate(env, declarations, n, a).lines.map((l) => l.utilization > 1);
  const bracket = new Map<number, { low: number; high: number }>();
  let previous = 0;
  for (let n = 1; bracket.size < current.length; n = Math.ceil(n * 1.25)) {
    const step = Math.min(n, a.maxEventsPerSecond);
    over(step).forEach((isOver, index) => {
      if (isOver && !bracket.has(index)) bracket.set(index, { low: previous, high: step });
    });
    previous = step;
    if (step === a.maxEventsPerSecond) break;
  }
  return current.map((l, index) => {
    const range = bracket.get(index);
    if (range === undefined) return { line: l, atEventsPerSecond: undefined };
    let { low, high } = range;
    for (let i = 0; i < 64 && high - low > 1; i++) {
      const mid = Math.floor((low + high) / 2);
      if (over(mid)[index] === true) high = mid;
      else low = mid;
    }
    return { line: l, atEventsPerSecond: high };
  });
}

function notesOf(env: EnvironmentConfig, a: CapacityAssumptions): string[] {
  // A new on-demand stream's 4 shards cap records before bytes for records under 1 KiB: at 500 B it is
  // 4,000 events/s, below the first quota of the model (the model's shards assume scaling has happened).
  const newStreamRecords = ON_DEMAND_MIN_SHARDS * KINESIS_SHARD.writeRecordsPerSecond;
  const newStreamEvents = Math.min(
    newStreamRecords,
    Math.floor((ON_DEMAND_MIN_SHARDS * KINESIS_SHARD.writeBytesPerSecond) / a.recordBytes),
  );
  const notes = [
    env.stream.mode === 'ON_DEMAND'
      ? `Kinesis on-demand model: shards = max(${ON_DEMAND_MIN_SHARDS}, ceil(MiB/s), ceil(records/s / 1000)); it assumes the stream has already scaled. A new stream has ${ON_DEMAND_MIN_SHARDS} shards (${ON_DEMAND_MIN_SHARDS} MiB/s, ${fmt(newStreamRecords)} records/s) and scales to twice its 30-day peak, so a new stream throttles above ${fmt(newStreamEvents)} events/s per dataset, and a sudden jump above twice the peak throttles, until it scales.`
      : `Kinesis provisioned: ${env.stream.shardCount} shards as configured.`,
    `Every record is ${a.recordBytes} B in the stream and as a processed row; every record is valid (all go to the processed${env.opensearch.enabled ? ' and search' : ''} delivery stream).`,
    'Processor batches close at batchSize, at the batching window, or (no window) at the once-a-second poll; each batch is sent in PutRecordBatch calls of at most 500 records and 4 MiB.',
    'The raw delivery stream reads the Kinesis stream: it has no Direct PUT quota and is bounded by the shared read throughput above.',
  ];
  if (env.opensearch.enabled) {
    notes.push(
      `OpenSearch indexing capacity is an assumption (${fmt(a.indexingBytesPerSecondPerNode / MIB)} MiB/s per data node, ${a.openSearchReplicas} replica): measure the domain and pass --index-mib-per-node.`,
    );
    if (openSearchPayloadLimitBytes(env.opensearch.instanceType) === undefined)
      notes.push(`${env.opensearch.instanceType} is not listed on the OpenSearch quotas page: its HTTP payload limit is not checked.`);
  }
  return notes;
}

/** Up to two decimals, no trailing zeros, thousands separated. */
export function fmt(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 2 });
}
