import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DestructiveStatementError } from '../../migrate/errors';
import { GlueHistoryStore } from '../../migrate/glue-history-store';
import { parseMigrationFile, type MigrationFile } from '../../migrate/migration-files';
import { MigrationRunner } from '../../migrate/migration-runner';
import { findEnvironment } from '../../config/environment-lookup';
import { resolveMigrationTarget } from '../../migrate/target';
import { AwsSimulation, simulatedAthenaEngine } from './aws-simulation';

const target = resolveMigrationTarget(findEnvironment('dev'));
const FIXTURES = join(__dirname, 'fixtures', 'athena-ddl');
const fixture = (name: string): MigrationFile => parseMigrationFile(name, readFileSync(join(FIXTURES, name), 'utf8'));

describe('Destructive-statement guard (runner on the simulated Athena and Glue)', () => {
  let sim: AwsSimulation;

  const runner = (migrations: readonly MigrationFile[], allowDestructive: readonly string[] = []): MigrationRunner =>
    new MigrationRunner({
      engine: simulatedAthenaEngine(target),
      store: new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev'),
      migrations,
      owner: 'ci@runner',
      allowDestructive,
    });

  /** An Iceberg table in another database: dropping it deletes its data. */
  const icebergInOtherDb = (): void => {
    sim.tables.set('otherdb.events', {
      table: {
        Name: 'events',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { table_type: 'ICEBERG' },
        StorageDescriptor: { Location: 's3://other-bucket/events/' },
      },
      version: 0,
      archived: 0,
    });
  };

  beforeEach(() => {
    sim = new AwsSimulation();
  });

  afterEach(() => sim.restore());

  it.each([['otherdb.events'], ['"otherdb"."events"'], ['`otherdb`.`events`'], ['`otherdb.events`'], ['OtherDb.Events']])(
    'looks up a qualified DROP TABLE %s in the database it names, not the target',
    async (name) => {
      // Prepare
      icebergInOtherDb();
      const file = parseMigrationFile('V1__drop_other.sql', `DROP TABLE IF EXISTS ${name};`);

      // Act
      const apply = runner([file]).apply();

      // Assess
      await expect(apply).rejects.toThrow(DestructiveStatementError);
      await expect(runner([file]).apply()).rejects.toThrow(
        'V1__drop_other.sql statement 1 (line 1): DROP TABLE otherdb.events is an Iceberg table, and dropping it deletes its data; pass --allow-destructive V1__drop_other.sql (the file) or V1__drop_other.sql:1 (this statement) if this is intended',
      );
      expect(sim.athenaCalls(StartQueryExecutionCommand)).toBe(0);
    },
  );

  it.each(readdirSync(FIXTURES).filter((n) => n.endsWith('.sql')))(
    'accepts every statement of the Athena DDL fixture %s with --allow-destructive for it',
    async (name) => {
      // Prepare
      const file = fixture(name);

      // Act
      const result = await runner([file], [name]).apply();

      // Assess: every statement reached Athena, in order.
      expect(result.applied).toEqual([expect.objectContaining({ script: name, statements: file.statements.length })]);
      expect(sim.executions.map((e) => e.sql)).toHaveLength(file.statements.length);
    },
  );

  it('accepts the CREATE TABLE and CTAS fixtures without any permission: none of them loses data', async () => {
    // Act
    const result = await runner([fixture('V1__create_table_examples.sql'), fixture('V2__ctas_examples.sql')]).apply();

    // Assess
    expect(result.applied.map((a) => a.statements)).toEqual([7, 5]);
  });

  it.each([
    [
      'ALTER TABLE ${database}.orders REPLACE COLUMNS (id int)',
      'ALTER TABLE ... REPLACE COLUMNS logtel_dev.orders removes every column it does not list',
    ],
    [
      'ALTER TABLE ${database}.iceberg_events DROP COLUMN data',
      'ALTER TABLE ... DROP COLUMN logtel_dev.iceberg_events removes the column (on Iceberg tables, its data)',
    ],
    ["DELETE FROM ${database}.iceberg_events WHERE category = 'x'", 'DELETE logtel_dev.iceberg_events deletes rows'],
    [
      'MERGE INTO ${database}.iceberg_events t USING ${database}.updates u ON t.id = u.id WHEN MATCHED AND u.gone THEN DELETE WHEN NOT MATCHED THEN INSERT (id) VALUES (u.id)',
      'MERGE ... THEN DELETE logtel_dev.iceberg_events deletes the matched rows',
    ],
    ['VACUUM ${database}.iceberg_events', 'VACUUM logtel_dev.iceberg_events expires snapshots and deletes the files only they reference'],
    [
      "ALTER TABLE ${database}.orders SET LOCATION 's3://elsewhere/orders/'",
      'ALTER TABLE ... SET LOCATION logtel_dev.orders points the table (or partition) away from the data it reads now',
    ],
    [
      "ALTER TABLE ${database}.orders PARTITION (dt = '2024-01-01') SET LOCATION 's3://elsewhere/'",
      'ALTER TABLE ... SET LOCATION logtel_dev.orders points the table (or partition) away from the data it reads now',
    ],
    [
      "ALTER TABLE ${database}.orders DROP PARTITION (dt = '2024-01-01')",
      'ALTER TABLE ... DROP PARTITION logtel_dev.orders hides the partition from every query',
    ],
    [
      'ALTER TABLE ${database}.orders CHANGE COLUMN zip zip_code int',
      'ALTER TABLE ... CHANGE COLUMN logtel_dev.orders renames or retypes a column, which hides the values written under the old one',
    ],
    ["UPDATE ${database}.iceberg_events SET data = 'x'", 'UPDATE logtel_dev.iceberg_events overwrites values'],
    [
      'INSERT OVERWRITE TABLE ${database}.orders SELECT * FROM ${database}.orders_v2',
      'INSERT OVERWRITE logtel_dev.orders replaces the rows',
    ],
    ['DROP DATABASE IF EXISTS scratch CASCADE', 'DROP DATABASE scratch drops every table in it'],
    // Wrapped statements: PREPARE stores the statement for a later EXECUTE, EXPLAIN ANALYZE runs it.
    [
      "PREPARE wipe FROM DELETE FROM ${database}.iceberg_events WHERE category = 'x'",
      'PREPARE ... FROM DELETE logtel_dev.iceberg_events deletes rows',
    ],
    ['EXPLAIN ANALYZE VERBOSE DELETE FROM ${database}.iceberg_events', 'EXPLAIN ANALYZE DELETE logtel_dev.iceberg_events deletes rows'],
    [
      "EXPLAIN ANALYZE (FORMAT TEXT) UPDATE ${database}.iceberg_events SET data = 'x'",
      'EXPLAIN ANALYZE UPDATE logtel_dev.iceberg_events overwrites values',
    ],
    ['EXECUTE wipe', 'EXECUTE runs a prepared statement the guard cannot read'],
    // A partition spec before the action.
    [
      "ALTER TABLE ${database}.orders PARTITION (dt = '2024-01-01') CHANGE COLUMN zip zip_code int",
      'ALTER TABLE ... CHANGE COLUMN logtel_dev.orders renames or retypes a column, which hides the values written under the old one',
    ],
  ])('refuses %s without a permission naming its file or statement', async (sql, reason) => {
    // Prepare: statement 2 of the file is the destructive one.
    const file = parseMigrationFile('V7__change.sql', `CREATE OR REPLACE VIEW \${database}.v AS SELECT 1 AS a;\n${sql};\n`);

    // Act
    const refused = runner([file]).apply();

    // Assess
    await expect(refused).rejects.toThrow(
      `V7__change.sql statement 2 (line 2): ${reason}; pass --allow-destructive V7__change.sql (the file) or V7__change.sql:2 (this statement) if this is intended`,
    );
    await expect(runner([file], ['V7__change.sql:1']).apply()).rejects.toThrow(DestructiveStatementError);
    expect(sim.executions).toHaveLength(0);
  });

  it('runs a destructive statement named by file:statement and records the permission, who used it and when, in the history', async () => {
    // Prepare
    const file = parseMigrationFile(
      'V7__change.sql',
      'CREATE OR REPLACE VIEW ${database}.v AS SELECT 1 AS a;\nDELETE FROM ${database}.iceberg_events WHERE id = 1;\n',
    );

    // Act
    await runner([file], ['V7__change.sql:2']).apply();
    const { history } = await new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev').read();

    // Assess
    expect(sim.executions.map((e) => e.sql)).toEqual([
      'CREATE OR REPLACE VIEW logtel_dev.v AS SELECT 1 AS a',
      'DELETE FROM logtel_dev.iceberg_events WHERE id = 1',
    ]);
    expect(history.entries[0].destructiveAllowed).toEqual([
      { statements: [2], by: 'ci@runner', on: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
  });

  it('refuses a permission that names no pending migration, so a typo never passes silently', async () => {
    // Prepare
    const file = parseMigrationFile('V7__change.sql', 'DELETE FROM ${database}.iceberg_events WHERE id = 1;');

    // Act
    const refused = runner([file], ['V7__chnage.sql']).apply();

    // Assess
    await expect(refused).rejects.toThrow(
      '--allow-destructive V7__chnage.sql: names no pending migration; expected one of: V7__change.sql',
    );
  });

  it.each([
    ['MSCK REPAIR TABLE ${database}.access_logs_processed'],
    ['INSERT INTO ${database}.turbine_telemetry_processed SELECT * FROM ${database}.x'],
    ['DROP TABLE `${database}`.`access_logs_processed`'],
    ['ALTER TABLE ${database}.scratch RENAME TO ${database}.access_logs_processed'],
    ['PREPARE fill FROM INSERT INTO ${database}.turbine_telemetry_processed SELECT * FROM ${database}.x'],
    ['EXPLAIN ANALYZE INSERT INTO "${database}"."access_logs_processed" SELECT * FROM ${database}.x'],
  ])('refuses %s on a Terraform-owned table, even with a permission', async (sql) => {
    // Prepare
    const file = parseMigrationFile('V8__owned.sql', `${sql};`);

    // Act
    const refused = runner([file], ['V8__owned.sql']).apply();

    // Assess
    await expect(refused).rejects.toThrow(/^V8__owned\.sql statement 1 \(line 1\): logtel_dev\.\w+_processed is owned by Terraform/);
    expect(sim.executions).toHaveLength(0);
  });
});
