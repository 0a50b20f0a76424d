import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { EntityNotFoundException, GetTableCommand, type GlueClient } from '@aws-sdk/client-glue';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { exponentialDelay, realSleep, type Sleep } from '../aws/retry';
import { MigrateError, RetriesExhaustedError, StatementFailedError } from './errors';
import { sha256 } from './migration-files';
import { parseS3Location } from './s3-location';
import type { MigrationTarget } from './target';
import { MIGRATE_DEFAULTS } from './migrate-defaults';
import { withThrottleRetries, type BackoffBounds } from './throttle-retry';
import type { QueryEngine, ResultRow, StatementOutcome, StatementRequest, TableFacts } from './query-engine';

export interface AthenaEngineProps {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly s3: S3Client;
  readonly target: MigrationTarget;
  /** @default real timers */
  readonly sleep?: Sleep;
  /** Backoff between GetQueryExecution polls, and of retries. @default MIGRATE_DEFAULTS.backoff (200 ms doubling to 5 s) */
  readonly pollBackoff?: BackoffBounds;
  /** Polls before giving up on a statement that stays QUEUED/RUNNING. @default MIGRATE_DEFAULTS.maxPolls (about 33 minutes at the cap) */
  readonly maxPolls?: number;
  /** Resubmissions of a FAILED execution whose AthenaError is Retryable. @default 3 */
  readonly maxRetryableFailures?: number;
  /** Retries of a throttled API call (TooManyRequestsException). @default 8 */
  readonly maxThrottleRetries?: number;
}

/**
 * Runs statements through Athena: one StartQueryExecution per statement, polled
 * through QUEUED and RUNNING with capped exponential backoff. FAILED and
 * CANCELLED are failures carrying Athena's reason; a FAILED execution marked
 * Retryable is resubmitted under a new, still deterministic token, and user
 * errors never are.
 */
export class AthenaEngine implements QueryEngine {
  readonly kind = 'athena' as const;
  readonly target: MigrationTarget;
  private readonly sleep: Sleep;

  constructor(private readonly props: AthenaEngineProps) {
    this.target = props.target;
    this.sleep = props.sleep ?? realSleep;
  }

  async execute(request: StatementRequest): Promise<StatementOutcome> {
    const maxFailures = this.props.maxRetryableFailures ?? 3;
    for (let retry = 0; ; retry += 1) {
      // Retry n gets its own token: reusing the first would return the failed execution.
      const token = retry === 0 ? request.clientRequestToken : sha256(`${request.clientRequestToken}:retry:${retry}`);
      const executionId = await this.start(request.sql, token);
      const execution = await this.waitForFinalState(executionId, request.onWait);
      const state = execution.Status?.State;
      if (state === 'SUCCEEDED') return { executionId };
      const error = execution.Status?.AthenaError;
      const reason = error?.ErrorMessage ?? execution.Status?.StateChangeReason ?? 'no reason given';
      const retryable = state === 'FAILED' && error?.Retryable === true;
      if (retryable && retry < maxFailures) {
        await this.sleep(this.delay(retry));
        continue;
      }
      throw new StatementFailedError(`Athena query ${executionId} ${state === 'CANCELLED' ? 'was CANCELLED' : 'FAILED'}: ${reason}`, {
        state: state === 'CANCELLED' ? 'CANCELLED' : 'FAILED',
        executionId,
        errorCategory: error?.ErrorCategory,
        errorType: error?.ErrorType,
        retryable,
      });
    }
  }

  async query(sql: string): Promise<ResultRow[]> {
    const { executionId } = await this.execute({ sql, clientRequestToken: randomUUID() });
    const rows: ResultRow[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const page = await this.throttled(() =>
        this.props.athena.send(new GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken: nextToken })),
      );
      const names = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      const data = page.ResultSet?.Rows ?? [];
      // The first row of the first page of a SELECT is the header.
      for (const row of first ? data.slice(1) : data) {
        const cells = row.Data ?? [];
        rows.push(Object.fromEntries(names.map((name, i) => [name, cells[i]?.VarCharValue ?? null])));
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  async tableFacts(name: { readonly database: string; readonly table: string }): Promise<TableFacts> {
    const table = `${name.database}.${name.table}`;
    let location: string | undefined;
    let iceberg = false;
    try {
      const out = await this.props.glue.send(new GetTableCommand({ DatabaseName: name.database, Name: name.table }));
      iceberg = (out.Table?.Parameters?.table_type ?? '').toUpperCase() === 'ICEBERG';
      location = out.Table?.TableType === 'VIRTUAL_VIEW' ? undefined : out.Table?.StorageDescriptor?.Location;
    } catch (error) {
      if (error instanceof EntityNotFoundException) return { exists: false, iceberg: false, hasData: false };
      throw error;
    }
    if (!location) return { exists: true, iceberg, hasData: false };
    const { bucket, prefix } = parseS3Location(location, `table ${table}`);
    const listed = await this.props.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    return { exists: true, iceberg, hasData: (listed.KeyCount ?? 0) > 0 };
  }

  async close(): Promise<void> {
    // Clients are owned by the caller (created once per process).
  }

  private async start(sql: string, token: string): Promise<string> {
    const out = await this.throttled(() =>
      this.props.athena.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ClientRequestToken: token,
          QueryExecutionContext: { Database: this.target.database },
          WorkGroup: this.target.workgroup,
        }),
      ),
    );
    if (!out.QueryExecutionId) throw new MigrateError('StartQueryExecution returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  private async waitForFinalState(executionId: string, onWait: (() => Promise<void>) | undefined): Promise<QueryExecution> {
    const maxPolls = this.props.maxPolls ?? MIGRATE_DEFAULTS.maxPolls;
    for (let poll = 0; poll < maxPolls; poll += 1) {
      const out = await this.throttled(() => this.props.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId })));
      const state = out.QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return out.QueryExecution ?? {};
      await this.sleep(this.delay(poll));
      if (onWait) await onWait();
    }
    throw new RetriesExhaustedError(`Athena query ${executionId} did not finish after ${maxPolls} polls; it may still be running`);
  }

  /** The `n`-th wait (from 0) between polls or before a resubmission: no jitter, the loop is bounded and nothing contends. */
  private delay(n: number): number {
    const { baseDelayMs = MIGRATE_DEFAULTS.backoff.baseDelayMs, maxDelayMs = MIGRATE_DEFAULTS.backoff.maxDelayMs } =
      this.props.pollBackoff ?? {};
    return exponentialDelay(n, baseDelayMs, maxDelayMs);
  }

  private async throttled<T>(call: () => Promise<T>): Promise<T> {
    return withThrottleRetries(call, {
      maxRetries: this.props.maxThrottleRetries ?? 8,
      sleep: this.sleep,
      backoff: this.props.pollBackoff,
      api: 'Athena',
    });
  }
}
