import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  CreateNamedQueryCommand,
  DeleteNamedQueryCommand,
  GetQueryExecutionCommand,
  InvalidRequestException,
  ListNamedQueriesCommand,
  StartQueryExecutionCommand,
  TooManyRequestsException,
  UpdateNamedQueryCommand,
  type AthenaError,
  type NamedQuery,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import {
  AlreadyExistsException,
  ConcurrentModificationException,
  CreateTableCommand,
  EntityNotFoundException,
  DeleteTableCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  InvalidInputException,
  UpdateTableCommand,
  type Table,
} from '@aws-sdk/client-glue';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaEngine, type AthenaEngineProps } from '../../migrate/athena-engine';

/**
 * Athena, Glue and S3 simulated at the SDK boundary, after the documented
 * behaviour: ClientRequestToken idempotency, the QUEUED -> RUNNING -> final state
 * machine with AthenaError, throttling, Glue VersionId compare-and-swap,
 * AlreadyExists/EntityNotFound, named-query paging and the 50-id batch limit.
 */

export interface ScriptedOutcome {
  readonly state: Extract<QueryExecutionState, 'SUCCEEDED' | 'FAILED' | 'CANCELLED'>;
  readonly error?: AthenaError;
  /** GetQueryExecution calls answered QUEUED, then RUNNING, before the final state. @default 1, 1 */
  readonly queuedPolls?: number;
  readonly runningPolls?: number;
}

interface Execution {
  readonly id: string;
  readonly sql: string;
  readonly outcome: ScriptedOutcome;
  polls: number;
}

const meta = { $metadata: {} };

function key(database: string, table: string): string {
  return `${database}.${table}`;
}

export class AwsSimulation {
  readonly athena = mockClient(AthenaClient);
  readonly glue = mockClient(GlueClient);
  readonly s3 = mockClient(S3Client);
  readonly executions: Execution[] = [];
  readonly namedQueries = new Map<string, NamedQuery>();
  /** Glue tables by `database.name`; `archived` counts the versions UpdateTable archived. */
  readonly tables = new Map<string, { table: Table; version: number; archived: number }>();
  /** Called before each UpdateTable is applied, with `database.name`: a test can slip in a second writer. */
  beforeUpdate: (table: string) => void = () => undefined;
  /** Called after each CreateTable or UpdateTable is applied, with `database.name`: a second writer right after ours. */
  afterWrite: (table: string) => void = () => undefined;
  /** Objects per bucket, for ListObjectsV2. */
  readonly objects = new Map<string, string[]>();
  /** Decides each new execution's fate from its SQL. @default SUCCEEDED */
  script: (sql: string, attempt: number) => ScriptedOutcome = () => ({ state: 'SUCCEEDED' });
  /** The next N API calls of these kinds throw TooManyRequestsException. */
  throttle = { start: 0, get: 0, named: 0 };
  private readonly tokens = new Map<string, string>();
  private readonly attemptsBySql = new Map<string, number>();
  private nextId = 1;

  constructor() {
    this.athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string; ClientRequestToken?: string }) => {
      if (this.throttle.start > 0) {
        this.throttle.start -= 1;
        throw new TooManyRequestsException({ message: 'Rate exceeded', ...meta });
      }
      const existing = input.ClientRequestToken === undefined ? undefined : this.tokens.get(input.ClientRequestToken);
      if (existing) {
        // Athena: "If a parameter has changed, for example, the QueryString, an error is returned."
        const earlier = this.executions.find((e) => e.id === existing);
        if (earlier && earlier.sql !== input.QueryString)
          throw new InvalidRequestException({ message: 'Idempotent parameters do not match', ...meta });
        return { QueryExecutionId: existing };
      }
      const attempt = (this.attemptsBySql.get(input.QueryString) ?? 0) + 1;
      this.attemptsBySql.set(input.QueryString, attempt);
      const id = `qe-${this.nextId++}`;
      this.executions.push({ id, sql: input.QueryString, outcome: this.script(input.QueryString, attempt), polls: 0 });
      if (input.ClientRequestToken !== undefined) this.tokens.set(input.ClientRequestToken, id);
      return { QueryExecutionId: id };
    });
    this.athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => {
      if (this.throttle.get > 0) {
        this.throttle.get -= 1;
        throw new TooManyRequestsException({ message: 'Rate exceeded', ...meta });
      }
      const execution = this.executions.find((e) => e.id === input.QueryExecutionId);
      if (!execution) throw new InvalidRequestException({ message: `QueryExecution ${input.QueryExecutionId} was not found`, ...meta });
      execution.polls += 1;
      const queued = execution.outcome.queuedPolls ?? 1;
      const running = execution.outcome.runningPolls ?? 1;
      const state: QueryExecutionState =
        execution.polls <= queued ? 'QUEUED' : execution.polls <= queued + running ? 'RUNNING' : execution.outcome.state;
      const final = state === execution.outcome.state;
      return {
        QueryExecution: {
          QueryExecutionId: execution.id,
          Query: execution.sql,
          Status: {
            State: state,
            AthenaError: final ? execution.outcome.error : undefined,
            StateChangeReason: final ? execution.outcome.error?.ErrorMessage : undefined,
          },
        },
      };
    });
    this.athena.on(ListNamedQueriesCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
      this.throttleNamed();
      const ids = [...this.namedQueries.keys()];
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const end = start + (input.MaxResults ?? 50);
      return { NamedQueryIds: ids.slice(start, end), NextToken: end < ids.length ? String(end) : undefined };
    });
    this.athena.on(BatchGetNamedQueryCommand).callsFake((input: { NamedQueryIds: string[] }) => {
      this.throttleNamed();
      if (input.NamedQueryIds.length > 50) throw new InvalidRequestException({ message: 'NamedQueryIds: at most 50 ids', ...meta });
      return { NamedQueries: input.NamedQueryIds.flatMap((id) => this.namedQueries.get(id) ?? []), UnprocessedNamedQueryIds: [] };
    });
    this.athena.on(CreateNamedQueryCommand).callsFake((input: NamedQuery & { ClientRequestToken?: string }) => {
      this.throttleNamed();
      const token = input.ClientRequestToken === undefined ? undefined : this.tokens.get(`nq:${input.ClientRequestToken}`);
      if (token) return { NamedQueryId: token };
      const id = `nq-${this.nextId++}`;
      this.namedQueries.set(id, {
        Name: input.Name,
        Description: input.Description,
        Database: input.Database,
        QueryString: input.QueryString,
        WorkGroup: input.WorkGroup,
        NamedQueryId: id,
      });
      if (input.ClientRequestToken !== undefined) this.tokens.set(`nq:${input.ClientRequestToken}`, id);
      return { NamedQueryId: id };
    });
    this.athena
      .on(UpdateNamedQueryCommand)
      .callsFake((input: { NamedQueryId: string; Name: string; Description?: string; QueryString: string }) => {
        this.throttleNamed();
        const current = this.namedQueries.get(input.NamedQueryId);
        if (!current) throw new InvalidRequestException({ message: 'NamedQuery not found', ...meta });
        this.namedQueries.set(input.NamedQueryId, {
          ...current,
          Name: input.Name,
          Description: input.Description,
          QueryString: input.QueryString,
        });
        return {};
      });
    this.athena.on(DeleteNamedQueryCommand).callsFake((input: { NamedQueryId: string }) => {
      this.throttleNamed();
      this.namedQueries.delete(input.NamedQueryId);
      return {};
    });

    this.glue.on(GetTableCommand).callsFake((input: { DatabaseName: string; Name: string }) => {
      const stored = this.tables.get(key(input.DatabaseName, input.Name));
      if (!stored) throw new EntityNotFoundException({ message: `Table ${input.Name} not found.`, ...meta });
      return { Table: { ...stored.table, DatabaseName: input.DatabaseName, VersionId: String(stored.version) } };
    });
    this.glue
      .on(GetTablesCommand)
      .callsFake((input: { DatabaseName: string; Expression?: string; NextToken?: string; MaxResults?: number }) => {
        // Expression is a regular expression on the table name; at most 100 tables per page.
        const pattern = input.Expression === undefined ? undefined : new RegExp(`^(?:${input.Expression})$`);
        const all = [...this.tables.entries()]
          .filter(([k]) => k.startsWith(`${input.DatabaseName}.`))
          .map(([, v]) => v)
          .filter((v) => pattern === undefined || pattern.test(v.table.Name ?? ''))
          .sort((a, b) => (a.table.Name ?? '').localeCompare(b.table.Name ?? ''));
        const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
        const end = start + Math.min(100, input.MaxResults ?? 100);
        return {
          TableList: all.slice(start, end).map((v) => ({ ...v.table, DatabaseName: input.DatabaseName, VersionId: String(v.version) })),
          NextToken: end < all.length ? String(end) : undefined,
        };
      });
    this.glue.on(CreateTableCommand).callsFake((input: { DatabaseName: string; TableInput: Table }) => {
      this.checkParameters(input.TableInput);
      const k = key(input.DatabaseName, input.TableInput.Name ?? '');
      if (this.tables.has(k)) throw new AlreadyExistsException({ message: 'Table already exists.', ...meta });
      this.tables.set(k, { table: { ...input.TableInput }, version: 0, archived: 0 });
      this.afterWrite(k);
      return {};
    });
    this.glue
      .on(UpdateTableCommand)
      .callsFake((input: { DatabaseName: string; TableInput: Table; VersionId?: string; SkipArchive?: boolean }) => {
        this.checkParameters(input.TableInput);
        const k = key(input.DatabaseName, input.TableInput.Name ?? '');
        this.beforeUpdate(k);
        const stored = this.tables.get(k);
        if (!stored) throw new EntityNotFoundException({ message: 'Table not found.', ...meta });
        if (input.VersionId !== undefined && input.VersionId !== String(stored.version)) {
          throw new ConcurrentModificationException({ message: 'Update table failed due to concurrent modifications.', ...meta });
        }
        // Without SkipArchive, Glue keeps the previous definition as an archived version (100,000 per table at most).
        this.tables.set(k, {
          table: { ...input.TableInput },
          version: stored.version + 1,
          archived: stored.archived + (input.SkipArchive === true ? 0 : 1),
        });
        this.afterWrite(k);
        return {};
      });
    this.glue.on(DeleteTableCommand).callsFake((input: { DatabaseName: string; Name: string }) => {
      if (!this.tables.delete(key(input.DatabaseName, input.Name)))
        throw new EntityNotFoundException({ message: `Table ${input.Name} not found.`, ...meta });
      return {};
    });
    this.s3.on(ListObjectsV2Command).callsFake((input: { Bucket: string; Prefix?: string }) => {
      const keys = (this.objects.get(input.Bucket) ?? []).filter((k) => k.startsWith(input.Prefix ?? ''));
      return { KeyCount: Math.min(1, keys.length), Contents: keys.slice(0, 1).map((Key) => ({ Key })) };
    });
  }

  /** A stored Glue table (default database logtel_dev). */
  table(name: string, database = 'logtel_dev'): Table | undefined {
    return this.tables.get(key(database, name))?.table;
  }

  /** Calls of one command kind made to the Athena mock. */
  athenaCalls(command: { name: string }): number {
    return this.athena.calls().filter((c) => c.args[0].constructor.name === command.name).length;
  }

  glueCalls(): number {
    return this.glue.calls().length;
  }

  restore(): void {
    this.athena.restore();
    this.glue.restore();
    this.s3.restore();
  }

  /** Glue: each parameter value is at most 512,000 bytes (ParametersMapValue). */
  private checkParameters(table: Table): void {
    for (const [name, value] of Object.entries(table.Parameters ?? {})) {
      if (Buffer.byteLength(value, 'utf8') > 512_000) {
        throw new InvalidInputException({
          message: `Value of parameter ${name} failed to satisfy constraint: Member must have length less than or equal to 512000`,
          ...meta,
        });
      }
    }
  }

  private throttleNamed(): void {
    if (this.throttle.named > 0) {
      this.throttle.named -= 1;
      throw new TooManyRequestsException({ message: 'Rate exceeded', ...meta });
    }
  }
}

/**
 * An AthenaEngine on the SDK clients this simulation answers (its mocks intercept every
 * client of the three services), with no real waiting unless `options.sleep` says otherwise.
 */
export function simulatedAthenaEngine(
  target: AthenaEngineProps['target'],
  options: Partial<Omit<AthenaEngineProps, 'athena' | 'glue' | 's3' | 'target'>> = {},
): AthenaEngine {
  return new AthenaEngine({
    athena: new AthenaClient({ region: 'us-east-1' }),
    glue: new GlueClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    target,
    sleep: async () => undefined,
    ...options,
  });
}
