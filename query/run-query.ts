import { once } from 'node:events';
import { RefusedError, UsageError, CliError } from '../cli/cli-errors';
import { ExitCode } from '../cli/exit-codes';
import { SqlSyntaxError, UnsupportedSqlError } from '../migrate/errors';
import { createLocalEngine } from '../migrate/index';
import { sqlPosition, translateLocalSelect } from '../migrate/local-dialect';
import { significant, tokenize } from '../migrate/sql-lexer';
import { lakeEnvironment } from './lake-env';
import { resultWriter, type OutputFormat } from './result-writer';
import { duckdbErrorText, locateDuckdbError, SqlError } from './sql-error';

/** Where the result goes; `write` returning false means wait for 'drain' (a pipe that is slower than DuckDB). */
export interface QueryOutput {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface QueryRequest {
  readonly sql: string;
  /** Names the SQL in messages: `SQL` for an argument, the path for `--file`. */
  readonly source: string;
  readonly dataDir: string;
  /** @default the one environment the lake holds */
  readonly env?: string;
  readonly format: OutputFormat;
  readonly output: QueryOutput;
}

/** Statement kinds the query command runs: it reads, it never changes the lake or the catalog. */
const READ_STARTS = new Set(['SELECT', 'WITH', 'VALUES', '(']);
/** DuckDB error classes that mean the SQL itself is wrong (not the data or the machine). */
const INPUT_ERRORS = /^(Parser|Binder|Catalog) Error/;

/**
 * Checks before anything is opened: one statement (a trailing `;` is fine), a
 * read (SELECT, WITH, VALUES), and tables named, not files (`FROM 'x.parquet'`
 * would read any file, or with httpfs any URL). Returns the SQL without the `;`.
 */
export function checkQuerySql(sql: string, source: string): string {
  let tokens;
  try {
    tokens = significant(tokenize(sql));
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new UsageError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
  const first = tokens[0];
  if (first === undefined) throw new UsageError(`${source}: empty; expected one SELECT statement`);
  const semicolons = tokens.filter((t) => t.kind === 'semicolon');
  const last = tokens[tokens.length - 1];
  const extra = semicolons.find((t) => t !== last);
  if (extra !== undefined) {
    const { line, column } = sqlPosition(sql, extra.start);
    throw new UsageError(
      `${source} line ${line}, column ${column}: a second statement follows; expected one statement (run several with several calls)`,
    );
  }
  if (!READ_STARTS.has(first.text.toUpperCase())) {
    const { line, column } = sqlPosition(sql, first.start);
    throw new RefusedError(
      `${source} line ${line}, column ${column}: ${first.text.toUpperCase()} refused; npm run query only reads (SELECT, WITH or VALUES); migrations change the catalog`,
    );
  }
  tokens.forEach((t, i) => {
    const before = tokens[i - 1]?.text.toUpperCase();
    if (t.kind === 'string' && (before === 'FROM' || before === 'JOIN')) {
      const { line, column } = sqlPosition(sql, t.start);
      throw new RefusedError(
        `${source} line ${line}, column ${column}: ${t.text} is a file, not a table; query the tables and views the catalog holds`,
      );
    }
  });
  return last?.kind === 'semicolon' ? sql.slice(0, last.start) : sql;
}

/**
 * `npm run query`: one SELECT over the tables and views of a local lake, through
 * the local engine (the dialect Athena speaks, translated to DuckDB). Never talks
 * to AWS. Streams the result to `output`; returns the number of rows.
 */
export async function runQuery(request: QueryRequest): Promise<number> {
  const sql = checkQuerySql(request.sql, request.source);
  const env = lakeEnvironment(request.dataDir, request.env);
  const engine = await createLocalEngine({ dataDir: request.dataDir, env });
  await engine.confineToLake();
  let pending = false;
  const writer = resultWriter(request.format, (text) => {
    pending = !request.output.write(text) || pending;
  });
  try {
    let started = false;
    for await (const chunk of engine.streamQuery(sql)) {
      if (!started) {
        writer.start(chunk.columns);
        started = true;
      }
      writer.rows(chunk.rows);
      if (pending) {
        await once(request.output as unknown as NodeJS.EventEmitter, 'drain');
        pending = false;
      }
    }
    return writer.end();
  } catch (error) {
    throw explain(error, sql, request.source);
  } finally {
    await engine.close();
  }
}

/** One line naming the position in the SQL as written, with the project-wide exit code. */
function explain(error: unknown, sql: string, source: string): unknown {
  if (error instanceof UnsupportedSqlError)
    return new RefusedError(`${source}: ${error.message.replace(/^query: /, '')}`, { cause: error });
  if (error instanceof CliError) return error;
  // Duck-typed: errors the native binding raises may come from another realm (jest's vm contexts).
  const raw =
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : undefined;
  if (raw === undefined) return error;
  // The node binding prefixes parse failures with the step that failed.
  const message = raw.replace(/^Failed to extract statements: /, '');
  if (!/^[A-Z][A-Za-z ]* Error: /.test(message)) return error;
  const where = locateDuckdbError(message, translateLocalSelect(sql), sql);
  const at = where === undefined ? '' : ` line ${where.line}, column ${where.column}`;
  const code = INPUT_ERRORS.test(message) ? ExitCode.Usage : ExitCode.Failure;
  return new SqlError(`${source}${at}: ${duckdbErrorText(message)}`, code, { cause: error });
}
