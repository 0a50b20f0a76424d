import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DestructiveStatementError, LockHeldError, ValidationFailedError } from '../../migrate/errors';
import { createLocalEngine, localRunner, type LocalEngine } from '../../migrate/index';
import { LocalHistoryStore } from '../../migrate/local-history-store';
import { MIGRATIONS_DIR } from '../../migrate/saved-queries';
import { migrationWorkspace, type MigrationWorkspace } from './migration-workspace';

/** A migrations folder with one file whose second statement fails (a view over a missing table). */
function failingMigration(dir: string, secondStatement: string): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  writeFileSync(
    join(dir, 'V9__health_views.sql'),
    [
      "CREATE EXTERNAL TABLE ${database}.health_raw (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '${raw_location}health/'",
      secondStatement,
      'CREATE VIEW ${database}.health_summary AS SELECT count(*) AS n FROM ${database}.health_raw',
    ].join(';\n') + ';\n',
  );
}

describe('MigrationRunner on the local engine', () => {
  let ws: MigrationWorkspace;
  const engines: LocalEngine[] = [];
  const open = async (): Promise<LocalEngine> => {
    const engine = await createLocalEngine({ dataDir: ws.dataDir, env: 'dev' });
    engines.push(engine);
    return engine;
  };

  beforeEach(() => {
    ws = migrationWorkspace('migrate-runner-');
  });

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    ws.cleanup();
  });

  it('applies every migration from empty, and a second apply is a no-op', async () => {
    // Prepare
    const engine = await open();
    const runner = localRunner(engine, { migrationsDir: ws.migrationsDir });

    // Act
    const first = await runner.apply();
    const second = await localRunner(await open(), { migrationsDir: ws.migrationsDir }).apply();

    // Assess
    expect(first.applied.map((a) => a.script)).toEqual([
      'V1__access_logs_raw.sql',
      'V2__turbine_telemetry_raw.sql',
      'V3__access_logs_raw_add_error_severity.sql',
      'V4__raw_tables_ignore_malformed_json.sql',
      'V5__access_logs_reconciliation.sql',
      'V6__turbine_telemetry_reconciliation.sql',
      'V7__drop_pipeline_reconciliation.sql',
      'R__analysis_views.sql',
    ]);
    expect(second.applied).toEqual([]);
    expect((await runner.status()).map((r) => r.state)).toEqual(Array(8).fill('applied'));
    expect(await engine.query('SELECT count(*) AS n FROM access_logs_minute_stats')).toEqual([{ n: 0 }]);
  });

  it('refuses to apply after an applied file was edited, and validate explains why', async () => {
    // Prepare
    await localRunner(await open(), { migrationsDir: ws.migrationsDir }).apply();
    appendFileSync(join(ws.migrationsDir, 'V1__access_logs_raw.sql'), '\n-- edited later\n');
    rmSync(join(ws.migrationsDir, 'V2__turbine_telemetry_raw.sql'));
    writeFileSync(join(ws.migrationsDir, 'V2.5__late.sql'), 'DROP VIEW IF EXISTS ${database}.nothing;');
    const runner = localRunner(await open(), { migrationsDir: ws.migrationsDir });

    // Act
    const problems = await runner.validate();
    const apply = runner.apply();

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^V1__access_logs_raw\.sql: edited after it was applied \(checksum \w{12} in the history, \w{12} on disk\)/),
      'V2.5__late.sql: version 2.5 is below the applied 7; versions must be added above the highest applied one (or pass --out-of-order to apply it anyway)',
      expect.stringMatching(/^V2__turbine_telemetry_raw\.sql: applied on .+ but the file is missing from sql\/migrations; restore it$/),
    ]);
    await expect(apply).rejects.toThrow(ValidationFailedError);
    expect((await runner.status()).map((r) => [r.script, r.state])).toEqual([
      ['V1__access_logs_raw.sql', 'checksum-mismatch'],
      ['V2.5__late.sql', 'out-of-order'],
      ['V3__access_logs_raw_add_error_severity.sql', 'applied'],
      ['V4__raw_tables_ignore_malformed_json.sql', 'applied'],
      ['V5__access_logs_reconciliation.sql', 'applied'],
      ['V6__turbine_telemetry_reconciliation.sql', 'applied'],
      ['V7__drop_pipeline_reconciliation.sql', 'applied'],
      ['R__analysis_views.sql', 'applied'],
      ['V2__turbine_telemetry_raw.sql', 'missing'],
    ]);
  });

  it('sees a file that gained a BOM after it was applied as unchanged', async () => {
    // Prepare
    await localRunner(await open(), { migrationsDir: ws.migrationsDir }).apply();
    const file = join(ws.migrationsDir, 'V1__access_logs_raw.sql');
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8')}`);
    const runner = localRunner(await open(), { migrationsDir: ws.migrationsDir });

    // Act
    const problems = await runner.validate();
    const status = await runner.status();

    // Assess
    expect(problems).toEqual([]);
    expect(status[0]).toMatchObject({ script: 'V1__access_logs_raw.sql', state: 'applied' });
  });

  it('records the failed statement, blocks until repair, then resumes at that statement and not before', async () => {
    // Prepare: statement 2 reads a table that does not exist.
    failingMigration(ws.migrationsDir, 'CREATE VIEW ${database}.health_bad AS SELECT * FROM ${database}.no_such_table');
    const failing = localRunner(await open(), { migrationsDir: ws.migrationsDir });

    // Act 1: the failure
    await expect(failing.apply()).rejects.toThrow(/V9__health_views\.sql:2:1: statement 2 of 3 failed: .*no_such_table/);
    const failed = (await failing.status()).find((r) => r.script === 'V9__health_views.sql');
    const blocked = failing.apply();

    // Assess 1
    expect(failed).toMatchObject({ state: 'failed', statementsDone: 1, statementsTotal: 3 });
    expect(failed?.detail).toMatch(/^failed at statement 2 \(line 2\): .*no_such_table/);
    await expect(blocked).rejects.toThrow("Fix the cause (or the failed statement), then run 'repair' and 'apply' again");

    // Act 2: fix the statement by hand, repair, apply
    failingMigration(ws.migrationsDir, 'CREATE VIEW ${database}.health_bad AS SELECT a FROM ${database}.health_raw');
    const fixed = localRunner(await open(), { migrationsDir: ws.migrationsDir });
    const repairActions = await fixed.repair();
    const resumed = await fixed.apply();

    // Assess 2: statement 1 (a CREATE without IF NOT EXISTS, which would fail if re-run) ran once.
    expect(repairActions).toEqual([
      expect.stringMatching(
        /^V9__health_views\.sql: cleared the failure at statement 2 .*; the next apply resumes at statement 2 of 3 with attempt 2$/,
      ),
    ]);
    // The repeatable views were not reached by the failed run, so they follow.
    expect(resumed.applied.map((a) => [a.script, a.statements])).toEqual([
      ['V9__health_views.sql', 2],
      ['R__analysis_views.sql', 2],
    ]);
    const { history } = await new LocalHistoryStore(ws.dataDir, 'logtel_dev').read();
    const entry = history.entries.find((e) => e.script === 'V9__health_views.sql');
    expect(entry?.executions.map((e) => [e.statement, e.attempt, e.state])).toEqual([
      [0, 1, 'SUCCEEDED'],
      [1, 1, 'ERROR'],
      [1, 2, 'SUCCEEDED'],
      [2, 2, 'SUCCEEDED'],
    ]);
    // The repair stays on record after the resumed run finished.
    expect(entry).toMatchObject({ success: true, statementsDone: 3, attempt: 2, repairedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('returns the recorded execution for a reused ClientRequestToken, across engines, instead of running the statement again', async () => {
    // Prepare: a CREATE without IF NOT EXISTS fails if it really runs twice.
    const create =
      "CREATE EXTERNAL TABLE logtel_dev.once_raw (a string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/once/'";
    const first = await (await open()).execute({ sql: create, clientRequestToken: 'f'.repeat(64) });
    const failing = { sql: 'CREATE VIEW logtel_dev.bad AS SELECT * FROM logtel_dev.nothing_here', clientRequestToken: 'e'.repeat(64) };
    await expect((await open()).execute(failing)).rejects.toThrow(/nothing_here/);
    const engine = await open();

    // Act
    const again = await engine.execute({ sql: create, clientRequestToken: 'f'.repeat(64) });
    const newToken = engine.execute({ sql: create, clientRequestToken: 'd'.repeat(64) });
    await engine.execute({ sql: 'CREATE VIEW logtel_dev.nothing_here AS SELECT 1 AS a', clientRequestToken: 'c'.repeat(64) });
    const failedAgain = engine.execute(failing);

    // Assess: the same token gives the same outcome, even after the cause went away; a new token really runs.
    expect(again).toEqual(first);
    await expect(newToken).rejects.toThrow('Table logtel_dev.once_raw already exists');
    await expect(failedAgain).rejects.toThrow(/^local statement failed: .*nothing_here/);
  });

  it('refuses a reused ClientRequestToken with a different statement, like Athena', async () => {
    // Prepare
    const engine = await open();
    await engine.execute({ sql: 'CREATE VIEW logtel_dev.v1 AS SELECT 1 AS a', clientRequestToken: 'b'.repeat(64) });

    // Act
    const other = engine.execute({ sql: 'CREATE VIEW logtel_dev.v2 AS SELECT 2 AS a', clientRequestToken: 'b'.repeat(64) });

    // Assess
    await expect(other).rejects.toThrow(/Idempotent parameters do not match$/);
  });

  it('lets only one of two concurrent applies run the migrations', async () => {
    // Prepare
    const a = localRunner(await open(), { migrationsDir: ws.migrationsDir });
    const b = localRunner(await open(), { migrationsDir: ws.migrationsDir });

    // Act
    const outcomes = await Promise.allSettled([a.apply(), b.apply()]);

    // Assess: one applied them all; the other was refused by the lock or found nothing pending.
    const applied = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.applied.map((x) => x.script) : []));
    expect(applied.sort()).toEqual([
      'R__analysis_views.sql',
      'V1__access_logs_raw.sql',
      'V2__turbine_telemetry_raw.sql',
      'V3__access_logs_raw_add_error_severity.sql',
      'V4__raw_tables_ignore_malformed_json.sql',
      'V5__access_logs_reconciliation.sql',
      'V6__turbine_telemetry_reconciliation.sql',
      'V7__drop_pipeline_reconciliation.sql',
    ]);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(LockHeldError);
    const { history } = await new LocalHistoryStore(ws.dataDir, 'logtel_dev').read();
    expect(history.entries.map((e) => e.script)).toHaveLength(8);
  });

  it('refuses a statement that placeholders push over the Athena query size limit, before running anything', async () => {
    // Prepare
    writeFileSync(
      join(ws.migrationsDir, 'V9__big.sql'),
      "-- a view with a large literal\nCREATE VIEW ${database}.big AS SELECT '${big}' AS b;",
    );
    const engine = await createLocalEngine({ dataDir: ws.dataDir, env: 'dev', placeholders: { big: 'x'.repeat(262_144) } });
    engines.push(engine);
    const runner = localRunner(engine, { migrationsDir: ws.migrationsDir });

    // Act
    const apply = runner.apply();

    // Assess
    await expect(apply).rejects.toThrow(
      /^V9__big\.sql: statement 1 \(line 2\) is 262\d{3} bytes with placeholders resolved; Athena accepts at most 262144$/,
    );
    expect((await runner.status()).map((r) => r.state)).toEqual(Array(9).fill('pending'));
  });

  it('refuses a second apply started while the first is running a statement', async () => {
    // Prepare: b starts from a's first progress line, when a holds the lock and has run nothing yet.
    const b = localRunner(await open(), { migrationsDir: ws.migrationsDir });
    let second: Promise<unknown> | undefined;
    const a = localRunner(await open(), {
      migrationsDir: ws.migrationsDir,
      log: () => {
        second ??= b.apply();
      },
    });

    // Act
    const first = await a.apply();

    // Assess
    expect(first.applied).toHaveLength(8);
    await expect(second).rejects.toThrow(LockHeldError);
    const { history } = await new LocalHistoryStore(ws.dataDir, 'logtel_dev').read();
    expect(history.entries.map((e) => [e.script, e.executions.length])).toEqual([
      ['V1__access_logs_raw.sql', 1],
      ['V2__turbine_telemetry_raw.sql', 1],
      ['V3__access_logs_raw_add_error_severity.sql', 1],
      ['V4__raw_tables_ignore_malformed_json.sql', 2],
      ['V5__access_logs_reconciliation.sql', 1],
      ['V6__turbine_telemetry_reconciliation.sql', 1],
      ['V7__drop_pipeline_reconciliation.sql', 1],
      ['R__analysis_views.sql', 2],
    ]);
  });

  it('takes over an expired lock and says so, but respects a live one', async () => {
    // Prepare
    const store = new LocalHistoryStore(ws.dataDir, 'logtel_dev');
    await store.acquireLock('crashed-run@host', 60_000, new Date(Date.now() - 120_000));
    const lines: string[] = [];
    const runner = localRunner(await open(), { migrationsDir: ws.migrationsDir, log: (l) => lines.push(l) });

    // Act
    const result = await runner.apply();
    await store.acquireLock('live-run@host', 60_000, new Date());
    const blocked = localRunner(await open(), { migrationsDir: ws.migrationsDir }).apply();

    // Assess
    expect(result.lock.tookOverFrom?.owner).toBe('crashed-run@host');
    expect(lines[0]).toMatch(/^took over the migration lock of crashed-run@host, which expired at /);
    await expect(blocked).rejects.toThrow(/^the migration lock is held by live-run@host until /);
  });

  it('refuses DDL on Terraform-owned tables and DROP of tables with data without --allow-destructive', async () => {
    // Prepare
    await localRunner(await open(), { migrationsDir: ws.migrationsDir }).apply();
    const rawDir = join(ws.dataDir, 's3', 'logtel-dev-raw-111111111111-us-east-1', 'turbine-telemetry', 'dt=2024-06-01');
    cpSync(join(ws.migrationsDir, 'V1__access_logs_raw.sql'), join(rawDir, 'not-really-data.gz'));
    writeFileSync(join(ws.migrationsDir, 'V8__drop_turbine_raw.sql'), 'DROP TABLE ${database}.turbine_telemetry_raw;');
    const dropping = localRunner(await open(), { migrationsDir: ws.migrationsDir });

    // Act
    const refused = dropping.apply();

    // Assess
    await expect(refused).rejects.toThrow(DestructiveStatementError);
    await expect(dropping.apply()).rejects.toThrow(
      'V8__drop_turbine_raw.sql statement 1 (line 1): DROP TABLE logtel_dev.turbine_telemetry_raw has data under its location; pass --allow-destructive V8__drop_turbine_raw.sql (the file) or V8__drop_turbine_raw.sql:1 (this statement) if this is intended',
    );
    rmSync(join(ws.migrationsDir, 'V8__drop_turbine_raw.sql'));
    writeFileSync(
      join(ws.migrationsDir, 'V8__alter_processed.sql'),
      'ALTER TABLE ${database}.access_logs_processed ADD COLUMNS (x string);',
    );
    const owned = localRunner(await open(), { migrationsDir: ws.migrationsDir, allowDestructive: ['V8__alter_processed.sql'] }).apply();
    await expect(owned).rejects.toThrow(
      'logtel_dev.access_logs_processed is owned by Terraform (processed tables); migrations must not create, alter, repair, write or drop it (ALTER TABLE ... ADD COLUMNS)',
    );
    expect(readdirSync(rawDir)).toEqual(['not-really-data.gz']);
  });
});
