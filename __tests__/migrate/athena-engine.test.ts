import { GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
import { AthenaEngine } from '../../migrate/athena-engine';
import { LockHeldError, RetriesExhaustedError, StatementFailedError } from '../../migrate/errors';
import { entryTableName, GlueHistoryStore } from '../../migrate/glue-history-store';
import type { HistoryStore } from '../../migrate/history-store';
import { loadMigrations, parseMigrationFile } from '../../migrate/migration-files';
import { MigrationRunner } from '../../migrate/migration-runner';
import { MIGRATIONS_DIR } from '../../migrate/saved-queries';
import { findEnvironment } from '../../config/environment-lookup';
import { resolveMigrationTarget } from '../../migrate/target';
import { AwsSimulation, simulatedAthenaEngine } from './aws-simulation';

const target = resolveMigrationTarget(findEnvironment('dev'));
const TOKEN = 'a'.repeat(64);

describe('Class: AthenaEngine against the simulated Athena', () => {
  let sim: AwsSimulation;
  let sleeps: number[];
  const engine = (): AthenaEngine =>
    simulatedAthenaEngine(target, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      pollBackoff: { baseDelayMs: 100, maxDelayMs: 400 },
    });

  beforeEach(() => {
    sim = new AwsSimulation();
    sleeps = [];
  });

  afterEach(() => sim.restore());

  it('polls QUEUED and RUNNING with capped exponential backoff until SUCCEEDED', async () => {
    // Prepare
    sim.script = () => ({ state: 'SUCCEEDED', queuedPolls: 2, runningPolls: 3 });

    // Act
    const outcome = await engine().execute({ sql: 'SELECT 1', clientRequestToken: TOKEN });

    // Assess
    expect(outcome.executionId).toBe('qe-1');
    expect(sleeps).toEqual([100, 200, 400, 400, 400]);
    expect(sim.athenaCalls(GetQueryExecutionCommand)).toBe(6);
    expect(sim.athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toMatchObject({
      QueryString: 'SELECT 1',
      ClientRequestToken: TOKEN,
      QueryExecutionContext: { Database: 'logtel_dev' },
      WorkGroup: 'logtel-dev-analytics',
    });
  });

  it.each([
    {
      state: 'FAILED' as const,
      message: "line 1:8: Column 'nope' cannot be resolved",
      expected: /^Athena query qe-1 FAILED: line 1:8: Column 'nope' cannot be resolved$/,
    },
    {
      state: 'CANCELLED' as const,
      message: 'Query was cancelled by user',
      expected: /^Athena query qe-1 was CANCELLED: Query was cancelled by user$/,
    },
  ])('treats $state as a failure carrying the reason, without retrying a user error', async ({ state, message, expected }) => {
    // Prepare
    sim.script = () => ({ state, error: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: message } });

    // Act
    const act = engine().execute({ sql: 'SELECT nope', clientRequestToken: TOKEN });

    // Assess
    await expect(act).rejects.toThrow(expected);
    await expect(act).rejects.toBeInstanceOf(StatementFailedError);
    expect(sim.executions).toHaveLength(1);
  });

  it('resubmits a Retryable failure under a new deterministic token, within a bound', async () => {
    // Prepare
    sim.script = (_sql, attempt) =>
      attempt < 3
        ? { state: 'FAILED', error: { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'Internal error' } }
        : { state: 'SUCCEEDED' };

    // Act
    const outcome = await engine().execute({ sql: 'SELECT 1', clientRequestToken: TOKEN });

    // Assess
    expect(outcome.executionId).toBe('qe-3');
    const tokens = sim.athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(new Set(tokens).size).toBe(3);
    expect(tokens[0]).toBe(TOKEN);
  });

  it('gives up on Retryable failures after the bound', async () => {
    // Prepare
    sim.script = () => ({ state: 'FAILED', error: { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'Internal error' } });

    // Act
    const act = engine().execute({ sql: 'SELECT 1', clientRequestToken: TOKEN });

    // Assess
    await expect(act).rejects.toThrow('Athena query qe-4 FAILED: Internal error');
    expect(sim.executions).toHaveLength(4);
  });

  it('retries throttled calls with the same token, so nothing runs twice', async () => {
    // Prepare
    sim.throttle.start = 3;
    sim.throttle.get = 2;

    // Act
    const outcome = await engine().execute({ sql: 'SELECT 1', clientRequestToken: TOKEN });

    // Assess
    expect(outcome.executionId).toBe('qe-1');
    expect(sim.executions).toHaveLength(1);
    expect(sim.athenaCalls(StartQueryExecutionCommand)).toBe(4);
  });

  it('fails when throttling outlasts the bound', async () => {
    // Prepare
    sim.throttle.start = 100;

    // Act
    const act = engine().execute({ sql: 'SELECT 1', clientRequestToken: TOKEN });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RetriesExhaustedError);
  });

  it('returns the earlier execution when a ClientRequestToken is reused', async () => {
    // Prepare
    const athena = engine();
    await athena.execute({ sql: 'CREATE VIEW v AS SELECT 1', clientRequestToken: TOKEN });

    // Act
    const again = await athena.execute({ sql: 'CREATE VIEW v AS SELECT 1', clientRequestToken: TOKEN });

    // Assess
    expect(again.executionId).toBe('qe-1');
    expect(sim.executions).toHaveLength(1);
  });

  it('rejects a reused ClientRequestToken with a different QueryString, like Athena (InvalidRequestException)', async () => {
    // Prepare
    const athena = engine();
    await athena.execute({ sql: 'CREATE VIEW v AS SELECT 1', clientRequestToken: TOKEN });

    // Act
    const other = athena.execute({ sql: 'CREATE VIEW v AS SELECT 2', clientRequestToken: TOKEN });

    // Assess
    await expect(other).rejects.toThrow('Idempotent parameters do not match');
    expect(sim.executions).toHaveLength(1);
  });

  describe('runner with the Glue history store', () => {
    const runner = (owner: string, migrations = loadMigrations(MIGRATIONS_DIR)): MigrationRunner =>
      new MigrationRunner({
        engine: engine(),
        store: new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev'),
        migrations,
        owner,
        lockTtlMs: 60_000,
      });

    it('applies N statements with N StartQueryExecution calls, and status reads the history in one Glue call', async () => {
      // Prepare
      const migrations = loadMigrations(MIGRATIONS_DIR);
      const statements = migrations.reduce((n, m) => n + m.statements.length, 0);

      // Act
      await runner('ci@runner', migrations).apply();
      const glueBefore = sim.glueCalls();
      const status = await runner('ci@runner', migrations).status();

      // Assess
      expect(sim.athenaCalls(StartQueryExecutionCommand)).toBe(statements);
      expect(sim.athenaCalls(GetQueryExecutionCommand)).toBe(statements * 3);
      expect(sim.glueCalls() - glueBefore).toBe(1);
      expect(status.every((r) => r.state === 'applied')).toBe(true);
      const entry = sim.table(entryTableName({ script: 'V1__access_logs_raw.sql', run: 1 }))?.Parameters?.['migrate.entry'] ?? '{}';
      expect(JSON.parse(entry)).toMatchObject({
        script: 'V1__access_logs_raw.sql',
        success: true,
        executions: [{ executionId: 'qe-1', state: 'SUCCEEDED' }],
      });
    });

    it('re-runs every statement of a changed repeatable, and a revert A -> B -> A runs A again', async () => {
      // Prepare: two views; B changes only the second one.
      const a = 'CREATE OR REPLACE VIEW ${database}.one AS SELECT 1 AS x;\nCREATE OR REPLACE VIEW ${database}.two AS SELECT 2 AS x;\n';
      const b = 'CREATE OR REPLACE VIEW ${database}.one AS SELECT 1 AS x;\nCREATE OR REPLACE VIEW ${database}.two AS SELECT 22 AS x;\n';
      const apply = async (content: string): Promise<readonly string[]> =>
        (await runner('ci@runner', [parseMigrationFile('R__views.sql', content)]).apply()).applied.flatMap((r) => r.executionIds);

      // Act
      const runA = await apply(a);
      const runB = await apply(b);
      const runA2 = await apply(a);
      const status = await runner('ci@runner', [parseMigrationFile('R__views.sql', a)]).status();

      // Assess: each run submitted both statements as new executions; the last one ran A's SQL.
      expect([runA, runB, runA2]).toEqual([
        ['qe-1', 'qe-2'],
        ['qe-3', 'qe-4'],
        ['qe-5', 'qe-6'],
      ]);
      expect(sim.executions.slice(4).map((e) => e.sql)).toEqual([
        'CREATE OR REPLACE VIEW logtel_dev.one AS SELECT 1 AS x',
        'CREATE OR REPLACE VIEW logtel_dev.two AS SELECT 2 AS x',
      ]);
      expect(status[0]).toMatchObject({ script: 'R__views.sql', state: 'applied' });
    });

    it('renews the lock while one statement is polled for longer than its lifetime, with SkipArchive', async () => {
      // Prepare: a fake clock that the engine's sleeps advance; the statement stays QUEUED for 120 polls (~10 minutes at the 5 s cap).
      let clock = Date.parse('2024-06-01T00:00:00.000Z');
      const file = parseMigrationFile('V1__slow.sql', 'CREATE OR REPLACE VIEW ${database}.slow AS SELECT 1 AS a;');
      sim.script = () => ({ state: 'SUCCEEDED', queuedPolls: 120 });
      let renewalsSeenLive = 0;
      const slow = new MigrationRunner({
        engine: simulatedAthenaEngine(target, {
          sleep: async (ms) => {
            clock += ms;
            // A second runner arriving now must find a live lock, at every point of the wait.
            const lock = JSON.parse(sim.table('_schema_lock')?.Parameters?.['migrate.lock'] ?? '{}') as { expiresAt: string };
            if (Date.parse(lock.expiresAt) > clock) renewalsSeenLive += 1;
          },
        }),
        store: new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev'),
        migrations: [file],
        owner: 'slow@runner',
        lockTtlMs: 60_000,
        now: () => new Date(clock),
      });

      // Act
      await slow.apply();

      // Assess
      const lockUpdates = sim.glue.commandCalls(UpdateTableCommand).filter((c) => c.args[0].input.TableInput?.Name === '_schema_lock');
      const sleeps = sim.athenaCalls(GetQueryExecutionCommand) - 1;
      expect(renewalsSeenLive).toBe(sleeps);
      expect(lockUpdates.length).toBeGreaterThan(15);
      expect(lockUpdates.every((c) => c.args[0].input.SkipArchive === true)).toBe(true);
      expect(sim.tables.get('logtel_dev._schema_lock')?.archived).toBe(0);
    });

    it("names the file, and the line and column in the file, of Athena's error position", async () => {
      // Prepare: statement 2 starts on line 3, column 3; Athena reports line 2, column 5 of it.
      const file = parseMigrationFile(
        'V1__views.sql',
        '-- views\nCREATE OR REPLACE VIEW ${database}.a AS SELECT 1 AS x;\n  CREATE OR REPLACE VIEW ${database}.b AS\nSELECT nope FROM t;\n',
      );
      sim.script = (sql) =>
        sql.includes('.b ')
          ? {
              state: 'FAILED',
              error: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: "line 2:8: Column 'nope' cannot be resolved" },
            }
          : { state: 'SUCCEEDED' };

      // Act
      const apply = runner('ci@runner', [file]).apply();

      // Assess
      await expect(apply).rejects.toThrow(
        "V1__views.sql:4:8: statement 2 of 2 failed: Athena query qe-2 FAILED: line 2:8: Column 'nope' cannot be resolved",
      );
    });

    it('refuses to run while another owner holds the Glue lock, and takes over once it expired', async () => {
      // Prepare
      const store = new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev');
      await store.acquireLock('other@host', 60_000, new Date());

      // Act
      const blocked = runner('me@host').apply();
      await expect(blocked).rejects.toBeInstanceOf(LockHeldError);
      await store.acquireLock('other@host', 1, new Date(Date.now() - 10_000));
      const result = await runner('me@host').apply();

      // Assess
      expect(sim.athenaCalls(StartQueryExecutionCommand)).toBe(loadMigrations(MIGRATIONS_DIR).reduce((n, m) => n + m.statements.length, 0));
      expect(result.lock.tookOverFrom?.owner).toBe('other@host');
      expect(JSON.parse(sim.table('_schema_lock')?.Parameters?.['migrate.lock'] ?? '{}')).toMatchObject({
        owner: 'me@host',
        state: 'released',
      });
    });

    it('loses the lock race on a concurrent CAS update (ConcurrentModificationException)', async () => {
      // Prepare: an expired lock both runs try to take over; one UpdateTable wins.
      const glue = new GlueClient({ region: 'us-east-1' });
      const store = new GlueHistoryStore(glue, 'logtel_dev');
      await store.acquireLock('crashed@host', 1, new Date(Date.now() - 10_000));

      // Act
      const outcomes = await Promise.allSettled([
        store.acquireLock('a@host', 60_000, new Date()),
        new GlueHistoryStore(glue, 'logtel_dev').acquireLock('b@host', 60_000, new Date()),
      ]);

      // Assess
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = outcomes.find((o) => o.status === 'rejected');
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(LockHeldError);
    });

    it('a crash after submission resumes with the same token, so the statement is not submitted twice', async () => {
      // Prepare: a two-statement migration; the process dies while statement 2 is still queued, before it records anything.
      const file = parseMigrationFile('V1__two.sql', 'CREATE VIEW ${database}.a AS SELECT 1;\nCREATE VIEW ${database}.b AS SELECT 2;');
      sim.script = (sql) => (sql.includes('.b ') ? { state: 'SUCCEEDED', queuedPolls: 1000 } : { state: 'SUCCEEDED' });
      const crashing = simulatedAthenaEngine(target, { maxPolls: 3 });
      const glueStore = new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev');
      const dyingStore: HistoryStore = {
        read: () => glueStore.read(),
        write: (history, expected) =>
          history.entries.some((e) => e.error) ? Promise.reject(new Error('process killed')) : glueStore.write(history, expected),
        acquireLock: (owner, ttl, now) => glueStore.acquireLock(owner, ttl, now),
        releaseLock: async () => undefined,
        readLock: () => glueStore.readLock(),
      };
      await expect(
        new MigrationRunner({ engine: crashing, store: dyingStore, migrations: [file], owner: 'x@host', lockTtlMs: 1 }).apply(),
      ).rejects.toThrow('process killed');

      // Act: statement 2 finished meanwhile; a new run (after the lock expired) resumes.
      sim.executions[1].polls = 10_000;
      const status = await runner('y@host', [file]).status();
      const resumed = await runner('y@host', [file]).apply();

      // Assess
      expect(status[0]).toMatchObject({ state: 'in-progress', statementsDone: 1, detail: 'resumes at statement 2' });
      expect(resumed.applied).toEqual([{ script: 'V1__two.sql', statements: 1, executionIds: ['qe-2'] }]);
      expect(sim.executions.map((e) => e.id)).toEqual(['qe-1', 'qe-2']);
    });

    it('after polls ran out, repair keeps the token, so the next apply polls the same execution instead of submitting again', async () => {
      // Prepare: the statement stays QUEUED longer than the runner polls.
      const file = parseMigrationFile('V1__slow.sql', 'CREATE VIEW ${database}.slow AS SELECT 1;');
      sim.script = () => ({ state: 'SUCCEEDED', queuedPolls: 1000 });
      const impatient = (): MigrationRunner =>
        new MigrationRunner({
          engine: simulatedAthenaEngine(target, { maxPolls: 3 }),
          store: new GlueHistoryStore(new GlueClient({ region: 'us-east-1' }), 'logtel_dev'),
          migrations: [file],
          owner: 'ci@runner',
        });
      await expect(impatient().apply()).rejects.toThrow(
        /V1__slow\.sql:1:1: statement 1 of 1 failed: Athena query qe-1 did not finish after 3 polls/,
      );

      // Act: the query finishes meanwhile; repair, apply.
      sim.executions[0].polls = 10_000;
      const actions = await impatient().repair();
      const resumed = await impatient().apply();

      // Assess
      expect(actions).toEqual([expect.stringMatching(/with attempt 1 unchanged, because the statement's final state was never seen/)]);
      expect(resumed.applied).toEqual([{ script: 'V1__slow.sql', statements: 1, executionIds: ['qe-1'] }]);
      expect(sim.executions).toHaveLength(1);
    });
  });
});
