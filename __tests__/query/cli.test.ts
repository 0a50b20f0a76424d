import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/** Runs a CLI of the project as a user would, bounded by a timeout. */
function run(script: string, args: readonly string[], timeoutMs = 60_000): Promise<SpawnOutcome> {
  // No AWS credentials or endpoints: the query command must not need any.
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
  };
  return spawnTsx(script, args, { env, timeoutMs });
}

describe('CLI: npm run query', () => {
  let root: string;
  let lake: string;
  const query = (...args: string[]): Promise<SpawnOutcome> => run('query/cli.ts', ['--data-dir', lake, ...args]);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'query-cli-'));
    lake = join(root, 'lake');
    // The lake of a real local run, small: the query command reads what it wrote.
    const local = await run(
      'local/cli.ts',
      ['--data-dir', lake, '--count', '300', '--duration', '30', '--scenario', 'none', '--invalid', '4', '--no-report'],
      180_000,
    );
    expect(local.code).toBe(0);
  }, 200_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints a table of the processed table and the views the migrations created', async () => {
    const result = await query('SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM access_logs_processed');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^n\s+\| ids$/);
    expect(lines[2]).toMatch(/^300\s+\| 300$/);
    expect(lines[3]).toBe('(1 row)');
  });

  it('prints JSON and CSV with --format, over a view and with the widened functions', async () => {
    const sql =
      "SELECT turbine_id, split_part(turbine_id, '-', 2) AS num, regexp_like(turbine_id, '^WT-\\d+$') AS ok, if(count(*) > 0, 'seen') AS seen " +
      'FROM turbine_telemetry_processed GROUP BY turbine_id ORDER BY turbine_id';
    const json = await query('--format', 'json', sql);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { turbine_id: 'WT-001', num: '001', ok: true, seen: 'seen' },
      { turbine_id: 'WT-002', num: '002', ok: true, seen: 'seen' },
      { turbine_id: 'WT-003', num: '003', ok: true, seen: 'seen' },
    ]);
    const csv = await query('--format', 'csv', "SELECT 'a,b' AS x, NULL AS y, 'say \"hi\"' AS z");
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('x,y,z\r\n"a,b",,"say ""hi"""\r\n');
    const view = await query('--format', 'json', 'SELECT count(*) AS n FROM access_logs_minute_stats');
    expect(view.code).toBe(0);
    expect((JSON.parse(view.stdout) as { n: number }[])[0]?.n).toBeGreaterThan(0);
  });

  it('reads the SQL from --file and names the file and position of an error', async () => {
    const file = join(root, 'q.sql');
    writeFileSync(file, 'SELECT status_code,\n       nope\nFROM access_logs_processed;\n');
    const result = await query('--file', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `query: ${file} line 2, column 8: Binder Error: Referenced column "nope" not found in FROM clause! (Candidate bindings: "http_method", "ingested_at")\n`,
    );
  });

  it.each([
    [
      'a syntax error, with its position',
      ['SELECT 1 FORM access_logs_processed'],
      2,
      'query: SQL line 1, column 15: Parser Error: syntax error at or near "access_logs_processed"\n',
    ],
    [
      'a table that does not exist',
      ['SELECT * FROM\n  access_logs'],
      2,
      'query: SQL line 2, column 3: Catalog Error: Table with name access_logs does not exist! (Did you mean "access_logs_raw"?)\n',
    ],
    [
      'a function the local engine does not translate',
      ["SELECT 1, levenshtein_distance('a', 'b')"],
      3,
      /^query: SQL: the local engine does not translate the function levenshtein_distance\(\) \(line 1, column 11\); supported: /,
    ],
    [
      'a table function in double quotes (it reached DuckDB, exit 1)',
      ['SELECT * FROM "read_csv"(\'/etc/passwd\')'],
      3,
      /^query: SQL: the local engine does not translate the function read_csv\(\) \(line 1, column 15\); supported: /,
    ],
    [
      'a statement that writes',
      ['DROP TABLE access_logs_processed'],
      3,
      'query: SQL line 1, column 1: DROP refused; npm run query only reads (SELECT, WITH or VALUES); migrations change the catalog\n',
    ],
    [
      'a file or URL instead of a table',
      ["SELECT * FROM 's3://bucket/key.parquet'"],
      3,
      "query: SQL line 1, column 15: 's3://bucket/key.parquet' is a file, not a table; query the tables and views the catalog holds\n",
    ],
    [
      'a file joined after a comma (DuckDB reads only the lake)',
      ["SELECT * FROM access_logs_processed, '/etc/passwd'"],
      2,
      'query: SQL line 1, column 38: Catalog Error: Table with name /etc/passwd does not exist! (Did you mean "pg_class"?)\n',
    ],
    [
      'two statements',
      ['SELECT 1; SELECT 2'],
      2,
      'query: SQL line 1, column 9: a second statement follows; expected one statement (run several with several calls)\n',
    ],
    ['no SQL', [], 2, 'query: no SQL: expected npm run query -- "<SELECT ...>" or --file <path>\n'],
    ['SQL and --file', ['SELECT 1', '--file', 'q.sql'], 2, 'query: give the SQL as an argument or with --file, not both\n'],
    [
      'a missing --file',
      ['--file', '/nonexistent/q.sql'],
      2,
      'query: --file /nonexistent/q.sql: no such file; expected a file holding one SELECT\n',
    ],
    [
      'an unknown format',
      ['--format', 'xml', 'SELECT 1'],
      2,
      /option '--format <format>' argument 'xml' is invalid\. expected one of table, json, csv/,
    ],
    [
      'an environment the lake does not hold',
      ['--env', 'prod', 'SELECT 1'],
      2,
      /^query: --env prod: .* holds no lake of this environment \(no s3\/logtel-prod-processed-\d+-[a-z0-9-]+ or catalog\/logtel_prod\)\n$/,
    ],
    ['an unknown environment', ['--env', 'qa', 'SELECT 1'], 2, "query: --env: unknown environment 'qa'; expected one of dev, prod\n"],
  ])('refuses %s with one line and the project exit code', async (_what, args, code, stderr) => {
    const result = await query(...args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
    else expect(result.stderr).toMatch(stderr);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('ends --help with the exit codes, and prints the version', async () => {
    const help = await query('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format <format>');
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
    expect((await query('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses a data directory that holds no lake', async () => {
    const missing = await run('query/cli.ts', ['--data-dir', join(root, 'nowhere'), 'SELECT 1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `query: --data-dir ${join(root, 'nowhere')}: no such directory; expected the lake of a local run (run \`npm run local\` first, or pass --data-dir)\n`,
    );
    const empty = await run('query/cli.ts', ['--data-dir', root, 'SELECT 1']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/holds no environment's lake/);
  });
});
