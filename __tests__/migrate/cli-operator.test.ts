import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createLocalEngine } from '../../migrate/index';
import { LocalHistoryStore } from '../../migrate/local-history-store';
import { FAKE_ACCOUNT, startFakeAws } from './fake-aws-server';
import { migrationWorkspace } from './migration-workspace';
import { migrate } from './spawn-migrate';

/** Issue 14: each item spawns the real command and asserts its exit code and message. */
describe('CLI: migrate for its users (spawned)', () => {
  let root: string;
  let dataDir: string;
  let migrationsDir: string;
  const local = (): string[] => ['--data-dir', dataDir, '--migrations-dir', migrationsDir];
  const withoutHeader = (stderr: string): string => stderr.split('\n').slice(1).join('\n');

  beforeEach(() => {
    ({ root, dataDir, migrationsDir } = migrationWorkspace('migrate-cli14-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('1: validate parses every statement and names file, line and column of a malformed one; the repository sql/ is valid', async () => {
    // Prepare
    writeFileSync(
      join(migrationsDir, 'V8__bad.sql'),
      "-- a typo in a type\nCREATE EXTERNAL TABLE ${database}.bad_raw (\n  a strin g\n)\nLOCATION '${raw_location}bad/';\n",
    );

    // Act
    const bad = await migrate(['validate', ...local()]);
    const apply = await migrate(['apply', ...local()]);
    const repository = await migrate(['validate', '--data-dir', dataDir]);

    // Assess: validate and apply both refuse before anything runs.
    expect(bad.code).toBe(3);
    expect(bad.stdout).toBe(
      "- V8__bad.sql:3:5: statement 1: 'strin' is not valid at this position, expecting a keyword\n      a strin g\n        ^\n",
    );
    expect(apply.code).toBe(3);
    expect(withoutHeader(apply.stderr)).toBe(
      "migrate: validation failed:\n  - V8__bad.sql:3:5: statement 1: 'strin' is not valid at this position, expecting a keyword\n      a strin g\n        ^\n",
    );
    expect(repository).toMatchObject({ code: 0, stdout: 'valid\n' });
  }, 120_000);

  it('2: prints one header line naming engine, database, workgroup, region and account (STS), and requires --engine when both are possible', async () => {
    // Prepare
    const fake = await startFakeAws('answering');
    const aws = { AWS_ENDPOINT_URL: fake.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    try {
      // Act
      const athena = await migrate(['status', '--env', 'dev', '--engine', 'athena'], aws);
      const ambiguous = await migrate(['status', '--env', 'dev'], aws);
      const localRun = await migrate(['status', ...local()]);

      // Assess
      expect(athena.code).toBe(0);
      expect(athena.stderr.split('\n')[0]).toBe(
        `migrate: engine athena, database logtel_dev, workgroup logtel-dev-analytics, region us-east-1, account ${FAKE_ACCOUNT}`,
      );
      expect(fake.calls.slice(0, 2)).toEqual(['STS.GetCallerIdentity', 'AWSGlue.GetTables']);
      expect(ambiguous).toMatchObject({
        code: 2,
        stderr:
          'migrate: --engine: both engines are possible (--env dev with AWS credentials in the environment: AWS_ACCESS_KEY_ID); pass --engine athena to act on AWS or --engine local for the local lake\n',
      });
      expect(localRun.stderr.split('\n')[0]).toBe(
        `migrate: engine local (DuckDB over ${dataDir}), database logtel_dev, workgroup logtel-dev-analytics, region us-east-1, account none (local lake)`,
      );
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('3: exits 0 ok, 2 usage, 3 refused, and every --help says so', async () => {
    // Prepare
    writeFileSync(join(migrationsDir, 'V8__drop.sql'), 'DROP DATABASE ${database};');

    // Act
    const usage = await migrate(['status', '--env', 'nowhere', ...local()]);
    const unknownOption = await migrate(['status', '--no-such-option']);
    const refused = await migrate(['apply', ...local()]);
    const help = await migrate(['status', '--help']);

    // Assess
    expect(usage).toMatchObject({ code: 2, stderr: "migrate: --env: unknown environment 'nowhere'; expected one of dev, prod\n" });
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--no-such-option'");
    expect(refused.code).toBe(3);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused (validation, guard, lock) or checks failed.',
    );
  }, 120_000);

  it('4: apply --help lists its own options and the global ones', async () => {
    // Act
    const help = await migrate(['apply', '--help']);

    // Assess
    expect(help.code).toBe(0);
    for (const option of [
      '--dry-run',
      '--allow-destructive <file...>',
      '--target <version>',
      '--out-of-order',
      '--env <name>',
      '--engine <engine>',
      '--timeout <seconds>',
      '--json',
    ]) {
      expect(help.stdout).toContain(option);
    }
  }, 60_000);

  it('5: ends with a clear message and exit 1 when the endpoint accepts connections but never answers', async () => {
    // Prepare
    const fake = await startFakeAws('silent');
    try {
      // Act
      const started = Date.now();
      const hung = await migrate(
        ['status', '--env', 'dev', '--engine', 'athena', '--timeout', '1'],
        { AWS_ENDPOINT_URL: fake.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
        60_000,
      );
      const ms = Date.now() - started;

      // Assess: three bounded attempts of one second each, then a one-line message.
      expect(hung.code).toBe(1);
      expect(hung.stderr).toMatch(
        /^migrate: TimeoutError: .*exceeded the configured 1000 ms requestTimeout.* \(the endpoint did not answer in time; check the endpoint and the network\)\n$/,
      );
      expect(fake.calls).toEqual(['STS.GetCallerIdentity', 'STS.GetCallerIdentity', 'STS.GetCallerIdentity']);
      expect(ms).toBeLessThan(30_000);
    } finally {
      await fake.close();
    }
  }, 90_000);

  it('6, 7: --target applies up to a version; baseline adopts a catalog without history; --out-of-order applies a late version', async () => {
    // Act 1: up to version 2 only; the repeatable views wait.
    const targeted = await migrate(['apply', '--target', '2', ...local()]);
    const afterTarget = await migrate(['status', ...local()]);

    // Assess 1
    expect(targeted).toMatchObject({
      code: 0,
      stdout: 'applied V1__access_logs_raw.sql (1 statements)\napplied V2__turbine_telemetry_raw.sql (1 statements)\n',
    });
    expect(afterTarget.stdout.split('\n').map((line) => line.split(' ')[0])).toEqual([
      'applied',
      'applied',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      '',
    ]);

    // Act 2: the catalog has V1 and V2 but loses its history; baseline at 2, then apply the rest.
    rmSync(join(dataDir, 'catalog', 'logtel_dev', '_schema_history'), { recursive: true, force: true });
    const baseline = await migrate(['baseline', '--baseline-version', '2', ...local()]);
    const again = await migrate(['baseline', '--baseline-version', '2', ...local()]);
    const rest = await migrate(['apply', ...local()]);

    // Assess 2
    expect(baseline).toMatchObject({
      code: 0,
      stdout: 'baselined at version 2; treated as applied: V1__access_logs_raw.sql, V2__turbine_telemetry_raw.sql\n',
    });
    expect(again.code).toBe(3);
    expect(withoutHeader(again.stderr)).toBe(
      'migrate: baseline: the schema history already has 1 entries (the latest is << baseline 2 >>); baseline only adopts a catalog with no history\n',
    );
    expect(rest).toMatchObject({
      code: 0,
      stdout: [
        'applied V3__access_logs_raw_add_error_severity.sql (1 statements)',
        'applied V4__raw_tables_ignore_malformed_json.sql (2 statements)',
        'applied V5__access_logs_reconciliation.sql (1 statements)',
        'applied V6__turbine_telemetry_reconciliation.sql (1 statements)',
        'applied V7__drop_pipeline_reconciliation.sql (1 statements)',
        'applied R__analysis_views.sql (2 statements)',
        '',
      ].join('\n'),
    });

    // Act 3: a version below the highest applied one.
    writeFileSync(join(migrationsDir, 'V2.5__late.sql'), 'CREATE OR REPLACE VIEW ${database}.late AS SELECT 1 AS a;');
    const refused = await migrate(['apply', ...local()]);
    const outOfOrder = await migrate(['apply', '--out-of-order', ...local()]);

    // Assess 3
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'V2.5__late.sql: version 2.5 is below the applied 7; versions must be added above the highest applied one (or pass --out-of-order to apply it anyway)',
    );
    expect(outOfOrder).toMatchObject({ code: 0, stdout: 'applied V2.5__late.sql (1 statements)\n' });
  }, 180_000);

  it("8: status --json prints Flyway's info columns", async () => {
    // Prepare
    await migrate(['apply', '--target', '1', ...local()]);

    // Act
    const info = await migrate(['info', '--json', ...local()]);

    // Assess
    const rows = JSON.parse(info.stdout) as Record<string, unknown>[];
    expect(info.code).toBe(0);
    expect(Object.keys(rows[0]).slice(0, 7)).toEqual(['category', 'version', 'description', 'type', 'installedOn', 'state', 'undoable']);
    expect(rows.map((r) => [r.category, r.version, r.state])).toEqual([
      ['Versioned', '1', 'Success'],
      ['Versioned', '2', 'Pending'],
      ['Versioned', '3', 'Pending'],
      ['Versioned', '4', 'Pending'],
      ['Versioned', '5', 'Pending'],
      ['Versioned', '6', 'Pending'],
      ['Versioned', '7', 'Pending'],
      ['Repeatable', null, 'Pending'],
    ]);
    expect(rows[0]).toMatchObject({
      description: 'access logs raw',
      type: 'SQL',
      undoable: 'No',
      installedOn: expect.stringMatching(/^\d{4}-/),
    });
  }, 120_000);

  it("9: unlock names the lock's owner and age, refuses a fresh lock unless forced, and frees a dead local process's lock", async () => {
    // Prepare: a fresh lock of a run on another host.
    const store = new LocalHistoryStore(dataDir, 'logtel_dev');
    await store.acquireLock('ana@build-7:4242:abcd1234', 60 * 60_000, new Date(Date.now() - 90_000));

    // Act
    const refused = await migrate(['unlock', ...local()]);
    const forced = await migrate(['unlock', '--force', ...local()]);
    await store.acquireLock(`me@${hostname()}:999999:deadbeef`, 60 * 60_000, new Date());
    const dead = await migrate(['unlock', ...local()]);
    const none = await migrate(['unlock', ...local()]);

    // Assess
    expect(refused.code).toBe(3);
    expect(withoutHeader(refused.stderr)).toMatch(
      /^migrate: unlock: the lock of ana@build-7:4242:abcd1234 was renewed 9\d s ago and expires at \S+; a live run renews it every 30 min, so it may still be running\. If that run is dead, run 'unlock --force'\n$/,
    );
    expect(forced).toMatchObject({ code: 0 });
    expect(forced.stdout).toMatch(/^released the lock of ana@build-7:4242:abcd1234, renewed 9\d s ago \(forced\)\n$/);
    expect(dead.stdout).toMatch(
      /^released the lock of me@.+:999999:deadbeef, renewed \d s ago \(its process no longer exists on this host\)\n$/,
    );
    expect(none).toMatchObject({ code: 0, stdout: 'no lock is held\n' });
  }, 120_000);

  it('10: a malformed raw line reads as a row of NULLs (ignore.malformed.json, V4) instead of failing every query over its partition', async () => {
    // Prepare: one partition of raw access logs with a truncated line between two good ones.
    const partition = join(dataDir, 's3', 'logtel-dev-raw-111111111111-us-east-1', 'access-logs', 'dt=2024-06-01');
    mkdirSync(partition, { recursive: true });
    const good = (id: string): string =>
      JSON.stringify({ event_id: id, access_time: '2024-06-01T00:00:00Z', status_code: 200, region: 'eu' });
    writeFileSync(join(partition, 'part-0001'), `${good('a')}\n{"event_id": "b", "status_co\n${good('c')}\n`);
    const count = async (): Promise<unknown> => {
      const engine = await createLocalEngine({ dataDir, env: 'dev' });
      try {
        return await engine.query('SELECT count(*) AS records, count(event_id) AS readable FROM access_logs_raw');
      } finally {
        await engine.close();
      }
    };

    // Act 1: the tables as V1-V3 leave them (the SerDe default): one bad line fails the query.
    expect((await migrate(['apply', '--target', '3', ...local()])).code).toBe(0);
    const before = count();
    await expect(before).rejects.toThrow(/Malformed JSON/);

    // Act 2: V4 sets ignore.malformed.json on both raw tables.
    const applied = await migrate(['apply', ...local()]);
    const after = await count();

    // Assess: three raw records, two readable; the bad one has every column NULL.
    expect(applied.stdout).toContain('applied V4__raw_tables_ignore_malformed_json.sql (2 statements)');
    expect(after).toEqual([{ records: 3, readable: 2 }]);
  }, 120_000);
});
