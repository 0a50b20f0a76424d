import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import type { DatasetDeclaration } from '../datasets/dataset';
import { DATASETS } from '../datasets/registry';
import { parseStatement, type ParsedStatement, type TableName } from './ddl-parser';
import { MigrateError, StatementFailedError, UnsupportedSqlError } from './errors';
import { sha256 } from './migration-files';
import { assertLocalSelect, translateLocalSelect, TRINO_MACROS } from './local-dialect';
import { externalTableSelect, dataGlob, processedTableDefinition, qualified, type ExternalTableDef } from './local-tables';
import type { CellValue, QueryEngine, ResultRow, StatementOutcome, StatementRequest, TableFacts } from './query-engine';
import type { MigrationTarget } from './target';

export interface LocalEngineProps {
  /** Root of the local lake: S3 under `<dataDir>/s3`, catalog under `<dataDir>/catalog`. */
  readonly dataDir: string;
  readonly target: MigrationTarget;
  /** @default DATASETS */
  readonly datasets?: readonly DatasetDeclaration[];
  /**
   * The clock `current_timestamp` and `now()` read, epoch ms: each query (and each
   * view when it is created) sees the instant this returns, as a literal. For tests,
   * so that "the last hour" does not move under them.
   * @default none: DuckDB's wall clock
   */
  readonly now?: () => number;
}

const columnSchema = z.object({ name: z.string(), type: z.string() });
const catalogObjectSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('external'),
    seq: z.number(),
    def: z.object({
      name: z.string(),
      format: z.enum(['json', 'parquet']),
      location: z.string(),
      columns: z.array(columnSchema),
      partitions: z.array(columnSchema),
      ignoreMalformedJson: z.boolean().optional(),
    }),
  }),
  z.object({ kind: z.literal('view'), seq: z.number(), name: z.string(), select: z.string() }),
]);
type CatalogObject = z.infer<typeof catalogObjectSchema>;

/** What a ClientRequestToken returns when it is reused. */
const executionRecordSchema = z.object({
  executionId: z.string(),
  state: z.enum(['SUCCEEDED', 'ERROR']),
  message: z.string().optional(),
  sqlSha256: z.string().optional(),
});
type ExecutionRecord = z.infer<typeof executionRecordSchema>;

/**
 * Embedded DuckDB over the local lake. The catalog (what Glue holds in AWS) is
 * one JSON file per table or view under `<dataDir>/catalog/<database>/tables/`,
 * so the DuckDB database is in memory and rebuilt on open, and several
 * processes can use the same lake. External tables become DuckDB views over
 * `read_json`/`read_parquet`; the Terraform-owned processed tables are created
 * from the dataset declarations, as Terraform would.
 */
export class LocalEngine implements QueryEngine {
  readonly kind = 'local' as const;
  private readonly objects = new Map<string, CatalogObject>();
  /** Whether each external table's view was last built over files (false: typed empty select). */
  private readonly builtWithFiles = new Map<string, boolean>();
  private readonly processed = new Map<string, ExternalTableDef>();
  private readonly tablesDir: string;
  /** One record per ClientRequestToken used, like Athena's idempotency. */
  private readonly executionsDir: string;
  private readonly database: string;
  readonly target: MigrationTarget;
  readonly dataDir: string;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly props: LocalEngineProps,
  ) {
    this.target = props.target;
    this.dataDir = props.dataDir;
    this.database = props.target.database;
    this.tablesDir = join(props.dataDir, 'catalog', this.database, 'tables');
    this.executionsDir = join(props.dataDir, 'catalog', this.database, 'query_executions');
  }

  static async open(props: LocalEngineProps): Promise<LocalEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const engine = new LocalEngine(instance, connection, props);
    await engine.initialize();
    return engine;
  }

  private async initialize(): Promise<void> {
    await this.connection.run("SET TimeZone = 'UTC'");
    // Never fetch or load extensions on demand: `FROM 's3://...'` would otherwise install httpfs and call AWS.
    await this.connection.run('SET autoinstall_known_extensions = false');
    await this.connection.run('SET autoload_known_extensions = false');
    for (const macro of TRINO_MACROS) await this.connection.run(macro);
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS "${this.database}"`);
    await this.connection.run(`USE "${this.database}"`);
    for (const dataset of this.props.datasets ?? DATASETS) {
      const def = processedTableDefinition(dataset, this.props.target.env);
      this.processed.set(def.name, def);
      await this.buildExternal(def);
    }
    for (const object of (await this.loadCatalog()).sort((a, b) => a.seq - b.seq)) {
      const name = object.kind === 'external' ? object.def.name : object.name;
      this.objects.set(name, object);
      if (object.kind === 'external') await this.buildExternal(object.def);
      else await this.connection.run(`CREATE OR REPLACE VIEW ${qualified(this.database, name)} AS ${this.translate(object.select)}`);
    }
  }

  /**
   * Runs one statement. Like Athena, a `clientRequestToken` seen before returns
   * its recorded execution (success or failure) without running the statement
   * again, so a resumed run never applies a statement twice.
   */
  async execute(request: StatementRequest): Promise<StatementOutcome> {
    const executionId = `local-${request.clientRequestToken.slice(0, 16)}`;
    const record = join(this.executionsDir, `${sha256(request.clientRequestToken)}.json`);
    const previous = await this.readExecution(record);
    const sqlSha256 = sha256(request.sql);
    if (previous) {
      // Athena refuses a token reused with another QueryString rather than returning the earlier execution.
      if (previous.sqlSha256 !== undefined && previous.sqlSha256 !== sqlSha256) {
        throw new MigrateError(
          `ClientRequestToken ${request.clientRequestToken.slice(0, 16)}... was used before with a different statement: Idempotent parameters do not match`,
        );
      }
      if (previous.state === 'SUCCEEDED') return { executionId: previous.executionId };
      throw new StatementFailedError(previous.message ?? `local execution ${previous.executionId} failed`, {
        state: 'ERROR',
        executionId: previous.executionId,
        retryable: false,
      });
    }
    const statement = parseStatement(request.sql);
    try {
      await this.apply(statement);
    } catch (error) {
      // Nothing ran: not recorded, as Athena records no execution for a request it rejects.
      if (error instanceof UnsupportedSqlError) throw error;
      const failure = new StatementFailedError(
        `local statement failed: ${(error as Error).message}`,
        { state: 'ERROR', executionId, retryable: false },
        { cause: error },
      );
      await this.recordExecution(record, { executionId, state: 'ERROR', message: failure.message, sqlSha256 });
      throw failure;
    }
    await this.recordExecution(record, { executionId, state: 'SUCCEEDED', sqlSha256 });
    return { executionId };
  }

  async query(sql: string): Promise<ResultRow[]> {
    assertLocalSelect(sql, 'query');
    await this.refresh();
    const reader = await this.connection.runAndReadAll(this.translate(sql));
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toCell(v)])));
  }

  /**
   * Runs a SELECT and yields its column names, then its rows in chunks of up to
   * 2048 (DuckDB's vector size), so a large result never sits in memory at once.
   * Values are JSON-safe: integers as numbers when exact, otherwise text; lists
   * and structs as JSON. Checked and translated as `query` does.
   */
  async *streamQuery(sql: string): AsyncGenerator<{ readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }> {
    assertLocalSelect(sql, 'query');
    await this.refresh();
    const result = await this.connection.stream(this.translate(sql));
    const columns = result.columnNames();
    const integer = result.columnTypes().map((t) => ['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT'].includes(t.toString()));
    yield { columns, rows: [] };
    for await (const rows of result.yieldRowsJson()) {
      yield {
        columns,
        rows: rows.map((row) =>
          row.map((v, i) => (integer[i] === true && typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v)),
        ),
      };
    }
  }

  /**
   * For read-only tools (`npm run query`): from now on DuckDB reads files under the
   * data directory only, so no query can read another file or reach a URL. It
   * cannot be undone on this engine.
   */
  async confineToLake(): Promise<void> {
    const dir = `${resolve(this.dataDir)}${sep}`.replace(/'/g, "''");
    await this.connection.run(`SET allowed_directories = ['${dir}']`);
    await this.connection.run('SET enable_external_access = false');
  }

  async tableFacts(name: { readonly database: string; readonly table: string }): Promise<TableFacts> {
    // The local lake holds one database: a table of another one does not exist here.
    if (name.database !== this.database) return { exists: false, iceberg: false, hasData: false };
    const table = name.table;
    const object = this.objects.get(table);
    const def = this.processed.get(table) ?? (object?.kind === 'external' ? object.def : undefined);
    if (!def) return { exists: object !== undefined, iceberg: false, hasData: false };
    return { exists: true, iceberg: false, hasData: await this.hasFiles(def) };
  }

  /** Column names and DuckDB types of a table or view, in order. */
  async describe(table: string): Promise<{ name: string; type: string }[]> {
    await this.refresh();
    const reader = await this.connection.runAndReadAll(`DESCRIBE ${qualified(this.database, table)}`);
    return reader.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Re-points external views whose files appeared or vanished since they were built. */
  async refresh(): Promise<void> {
    const defs = [...this.processed.values(), ...[...this.objects.values()].flatMap((o) => (o.kind === 'external' ? [o.def] : []))];
    for (const def of defs) {
      if ((await this.hasFiles(def)) !== this.builtWithFiles.get(def.name)) await this.buildExternal(def);
    }
  }

  private async apply(statement: ParsedStatement): Promise<void> {
    switch (statement.kind) {
      case 'createExternalTable': {
        const name = this.ownName(statement.name);
        if (statement.iceberg) throw new UnsupportedSqlError(`CREATE TABLE ${name}: the local engine does not translate Iceberg tables`);
        if (this.exists(name)) {
          if (statement.ifNotExists) return;
          throw new MigrateError(`Table ${this.database}.${name} already exists (AlreadyExistsException)`);
        }
        if (!statement.location) throw new UnsupportedSqlError(`CREATE EXTERNAL TABLE ${name}: LOCATION is required`);
        const def: ExternalTableDef = {
          name,
          format: tableFormat(statement, name),
          location: statement.location,
          columns: statement.columns,
          partitions: statement.partitions,
          ignoreMalformedJson: ignoreMalformedJson(statement.serdeProperties, name),
        };
        await this.buildExternal(def);
        await this.save({
          kind: 'external',
          seq: this.nextSeq(),
          def: { ...def, columns: [...def.columns], partitions: [...def.partitions] },
        });
        return;
      }
      case 'addColumns': {
        const name = this.ownName(statement.name);
        const object = this.objects.get(name);
        if (object?.kind !== 'external') throw new MigrateError(`Table ${this.database}.${name} not found (EntityNotFoundException)`);
        const known = new Set([...object.def.columns, ...object.def.partitions].map((c) => c.name));
        const duplicate = statement.columns.find((c) => known.has(c.name));
        if (duplicate) throw new MigrateError(`Column ${duplicate.name} already exists in ${this.database}.${name}`);
        const def = { ...object.def, columns: [...object.def.columns, ...statement.columns], partitions: [...object.def.partitions] };
        await this.buildExternal(def);
        await this.save({ ...object, def });
        return;
      }
      case 'setSerdeProperties': {
        const name = this.ownName(statement.name);
        const object = this.objects.get(name);
        if (object?.kind !== 'external') throw new MigrateError(`Table ${this.database}.${name} not found (EntityNotFoundException)`);
        const def = {
          ...object.def,
          ignoreMalformedJson: ignoreMalformedJson(statement.properties, name) ?? object.def.ignoreMalformedJson,
        };
        await this.buildExternal(def);
        await this.save({ ...object, def });
        return;
      }
      case 'createView': {
        const name = this.ownName(statement.name);
        assertLocalSelect(statement.select, `view ${name}`);
        if (this.exists(name) && !statement.orReplace) throw new MigrateError(`View ${this.database}.${name} already exists`);
        if (this.objects.get(name)?.kind === 'external' || this.processed.has(name))
          throw new MigrateError(`${this.database}.${name} is a table, not a view`);
        await this.connection.run(`CREATE OR REPLACE VIEW ${qualified(this.database, name)} AS ${this.translate(statement.select)}`);
        await this.save({ kind: 'view', seq: this.objects.get(name)?.seq ?? this.nextSeq(), name, select: statement.select });
        return;
      }
      case 'dropTable':
      case 'dropView': {
        const name = this.ownName(statement.name);
        if (!this.objects.has(name)) {
          if (statement.ifExists) return;
          throw new MigrateError(`${this.database}.${name} not found (EntityNotFoundException)`);
        }
        await this.connection.run(`DROP VIEW IF EXISTS ${qualified(this.database, name)}`);
        this.objects.delete(name);
        await unlink(join(this.tablesDir, `${name}.json`));
        return;
      }
      default:
        throw new UnsupportedSqlError(
          `the local engine translates CREATE EXTERNAL TABLE (JSON SerDe or Parquet), ALTER TABLE ... ADD COLUMNS, CREATE [OR REPLACE] VIEW, DROP TABLE and DROP VIEW; got ${describeKind(statement)}`,
        );
    }
  }

  /** The DuckDB text of a SELECT, with the injected clock's instant when there is one. */
  private translate(sql: string): string {
    const now = this.props.now;
    return translateLocalSelect(sql, { now: now === undefined ? undefined : new Date(now()) }).sql;
  }

  private ownName(name: TableName): string {
    if (name.database !== undefined && name.database !== this.database) {
      throw new UnsupportedSqlError(`${name.database}.${name.table}: the local engine serves only database ${this.database}`);
    }
    return name.table;
  }

  /** Creation order, so that on open every view is created after what it reads. */
  private nextSeq(): number {
    return Math.max(0, ...[...this.objects.values()].map((o) => o.seq)) + 1;
  }

  private exists(name: string): boolean {
    return this.objects.has(name) || this.processed.has(name);
  }

  private async hasFiles(def: ExternalTableDef): Promise<boolean> {
    const reader = await this.connection.runAndReadAll(
      `SELECT count(*) AS n FROM glob('${dataGlob(this.props.dataDir, def).replace(/'/g, "''")}')`,
    );
    return Number(reader.getRowObjectsJS()[0]?.n ?? 0) > 0;
  }

  private async buildExternal(def: ExternalTableDef): Promise<void> {
    const withFiles = await this.hasFiles(def);
    await this.connection.run(
      `CREATE OR REPLACE VIEW ${qualified(this.database, def.name)} AS ${externalTableSelect(this.props.dataDir, def, withFiles)}`,
    );
    this.builtWithFiles.set(def.name, withFiles);
  }

  private async readExecution(file: string): Promise<ExecutionRecord | undefined> {
    let json: string;
    try {
      json = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = executionRecordSchema.safeParse(JSON.parse(json));
    if (!parsed.success)
      throw new MigrateError(`${file}: not a local query execution record (${parsed.error.issues[0].message})`, { cause: parsed.error });
    return parsed.data;
  }

  private async recordExecution(file: string, record: ExecutionRecord): Promise<void> {
    await mkdir(this.executionsDir, { recursive: true });
    await writeFile(file, JSON.stringify(record));
  }

  private async save(object: CatalogObject): Promise<void> {
    const name = object.kind === 'external' ? object.def.name : object.name;
    await mkdir(this.tablesDir, { recursive: true });
    const temp = join(this.tablesDir, `.${name}.${sha256(String(Math.random())).slice(0, 8)}.tmp`);
    await writeFile(temp, JSON.stringify(object));
    await rename(temp, join(this.tablesDir, `${name}.json`));
    this.objects.set(name, object);
  }

  private async loadCatalog(): Promise<CatalogObject[]> {
    let names: string[];
    try {
      names = (await readdir(this.tablesDir)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const objects: CatalogObject[] = [];
    for (const name of names) {
      const file = join(this.tablesDir, name);
      const parsed = catalogObjectSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) throw new MigrateError(`${file}: not a local catalog entry (${parsed.error.issues[0].message})`);
      objects.push(parsed.data);
    }
    return objects;
  }
}

function tableFormat(statement: Extract<ParsedStatement, { kind: 'createExternalTable' }>, name: string): 'json' | 'parquet' {
  const serde = statement.serde ?? '';
  if (/JsonSerDe$/i.test(serde)) return 'json';
  if (/ParquetHiveSerDe$/i.test(serde) || /parquet/i.test(statement.storedAs ?? '')) return 'parquet';
  throw new UnsupportedSqlError(
    `CREATE EXTERNAL TABLE ${name}: the local engine reads JSON SerDe or Parquet tables; got SerDe '${serde}' stored as '${statement.storedAs ?? ''}'`,
  );
}

/** The one SerDe property the local engine translates; any other is refused by name rather than ignored. */
function ignoreMalformedJson(properties: Readonly<Record<string, string>>, table: string): boolean | undefined {
  for (const key of Object.keys(properties)) {
    if (key !== 'ignore.malformed.json')
      throw new UnsupportedSqlError(`${table}: the local engine translates the SerDe property ignore.malformed.json only; got '${key}'`);
  }
  const value = properties['ignore.malformed.json'];
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}

function describeKind(statement: ParsedStatement): string {
  if (statement.kind === 'other') return `a statement starting with ${statement.verb}`;
  if (statement.kind === 'alterTable') return `ALTER TABLE ${statement.name.table} ${statement.action.slice(0, 40)}`;
  return statement.kind;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
