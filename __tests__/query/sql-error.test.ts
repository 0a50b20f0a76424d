import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../cli/exit-codes';
import { sqlPosition, translateLocalSelect } from '../../migrate/local-dialect';
import { createLocalEngine } from '../../migrate/index';
import { runQuery } from '../../query/run-query';
import { SqlError } from '../../query/sql-error';

const sink = { write: () => true, once: () => undefined };

describe('Function: positions of SQL errors', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sql-error-'));
    // A lake with the processed tables (typed, empty): errors are the binder's, not the data's.
    await (await createLocalEngine({ dataDir, env: 'dev' })).close();
    // The lake must look like a local run's for the query command to take it.
    mkdirSync(join(dataDir, 'catalog', 'logtel_dev'), { recursive: true });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const failure = async (sql: string): Promise<SqlError> => {
    const error = await runQuery({ sql, source: 'SQL', dataDir, format: 'csv', output: sink }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof SqlError)) throw new Error(`expected a SqlError, got ${String(error)}`);
    return error;
  };

  it('names the column in a line longer than DuckDB shows (it cuts the excerpt), after rewritten if() calls', async () => {
    const sql = `SELECT ${Array.from({ length: 40 }, (_, i) => `if(status_code > ${i}, 1) AS c${i}, `).join('')}nope FROM access_logs_processed`;
    const error = await failure(sql);
    const { line, column } = sqlPosition(sql, sql.indexOf('nope'));
    expect(error.message).toBe(
      `SQL line ${line}, column ${column}: Binder Error: Referenced column "nope" not found in FROM clause! (Candidate bindings: "http_method", "ingested_at")`,
    );
    expect(error.exitCode).toBe(ExitCode.Usage);
  });

  it('names the line and column on a later line, after a rewritten date_parse format', async () => {
    const sql = "SELECT date_parse('2022-10-20', '%Y-%m-%d %T') AS t,\n  if(true, 1) AS a,\n  status_code +\n  FROM access_logs_processed";
    const error = await failure(sql);
    expect(error.message).toMatch(/^SQL line 4, column 3: Parser Error: syntax error at or near "FROM"$/);
  });

  it('maps every offset outside the rewritten text back to where it was written (property)', () => {
    const piece = fc.constantFrom(
      "if(a, 'x')",
      'if(a, b, c)',
      "date_parse(s, '%d %M %Y %T')",
      "format_datetime(ts, 'yyyy-MM-dd HH:mm')",
      'x + 1',
      "'if(a, b)'",
      'count(*)',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const sql = `SELECT ${pieces.map((p, i) => `${p} AS m${i}`).join(',\n  ')} FROM t`;
        const t = translateLocalSelect(sql);
        pieces.forEach((_, i) => {
          const marker = ` AS m${i}`;
          expect(t.originalOffset(t.sql.indexOf(marker))).toBe(sql.indexOf(marker));
        });
        expect(t.originalOffset(t.sql.indexOf(' FROM t'))).toBe(sql.indexOf(' FROM t'));
      }),
    );
  });
});
