import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { AthenaEngine } from '../../migrate/athena-engine';
import { DestructiveStatementError } from '../../migrate/errors';
import { GlueHistoryStore } from '../../migrate/glue-history-store';
import { parseMigrationFile, type MigrationFile } from '../../migrate/migration-files';
import { MigrationRunner } from '../../migrate/migration-runner';
import { findEnvironment, resolveTarget } from '../../migrate/target';
import { AwsSimulation } from './aws-simulation';

const target = resolveTarget(findEnvironment('dev'));

describe('Destructive-statement guard (runner on the simulated Athena and Glue)', () => {
  let sim: AwsSimulation;

  const runner = (migrations: readonly MigrationFile[], allowDestructive: readonly string[] = []): MigrationRunner =>
    new MigrationRunner({
      engine: new AthenaEngine({
        athena: new AthenaClient({ region: 'us-east-1' }),
        glue: new GlueClient({ region: 'us-east-1' }),
        s3: new S3Client({ region: 'us-east-1' }),
        target,
        sleep: async () => undefined,
      }),
      store: new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev'),
      migrations,
      owner: 'ci@runner',
      allowDestructive,
    });

  /** An Iceberg table in another database: dropping it deletes its data. */
  const icebergInOtherDb = (): void => {
    sim.tables.set('otherdb.events', {
      table: { Name: 'events', TableType: 'EXTERNAL_TABLE', Parameters: { table_type: 'ICEBERG' }, StorageDescriptor: { Location: 's3://other-bucket/events/' } },
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
});
