import { mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationWorkspace } from './migration-workspace';
import { migrate } from './spawn-migrate';

describe('CLI: migrate (spawned, local engine)', () => {
  let root: string;
  let dataDir: string;
  let migrationsDir: string;
  const base = (): string[] => ['--data-dir', dataDir, '--migrations-dir', migrationsDir];

  beforeEach(() => {
    ({ root, dataDir, migrationsDir } = migrationWorkspace('migrate-cli-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('plan and apply --dry-run refuse an edited applied file with the message apply gives', async () => {
    // Prepare
    expect((await migrate(['apply', ...base()])).code).toBe(0);
    appendFileSync(join(migrationsDir, 'V1__access_logs_raw.sql'), '\n-- edited later\n');
    writeFileSync(join(migrationsDir, 'V9__drop.sql'), 'DROP DATABASE ${database};');

    // Act
    const apply = await migrate(['apply', ...base()]);
    const plan = await migrate(['plan', ...base()]);
    const dryRun = await migrate(['apply', '--dry-run', ...base()]);

    // Assess
    expect(apply.code).not.toBe(0);
    expect(apply.code).toBe(3);
    expect(apply.stderr).toMatch(
      /^migrate: engine local .*\nmigrate: validation failed:\n {2}- V1__access_logs_raw\.sql: edited after it was applied/,
    );
    expect(plan).toEqual({ code: apply.code, stdout: '', stderr: apply.stderr });
    expect(dryRun).toEqual({ code: apply.code, stdout: '', stderr: apply.stderr });
  }, 90_000);

  it('plan and apply --dry-run refuse a destructive statement with the message apply gives', async () => {
    // Prepare
    writeFileSync(join(migrationsDir, 'V9__drop.sql'), 'DROP DATABASE ${database};');

    // Act
    const apply = await migrate(['apply', ...base()]);
    const dryRun = await migrate(['apply', '--dry-run', ...base()]);
    const allowed = await migrate(['plan', '--allow-destructive', 'V9__drop.sql', ...base()]);

    // Assess
    expect(apply.code).toBe(3);
    expect(apply.stderr.split('\n').slice(1).join('\n')).toBe(
      'migrate: V9__drop.sql statement 1 (line 1): DROP DATABASE logtel_dev drops every table in it; pass --allow-destructive V9__drop.sql (the file) or V9__drop.sql:1 (this statement) if this is intended\n',
    );
    expect(dryRun).toEqual({ code: apply.code, stdout: '', stderr: apply.stderr });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('-- V9__drop.sql\nDROP DATABASE logtel_dev;\n\n-- R__analysis_views.sql\n');
  }, 90_000);

  it('apply refuses a PREPARE that wraps a DELETE (validate accepts it) with exit 3 and the wrapped statement named', async () => {
    // Prepare
    writeFileSync(join(migrationsDir, 'V9__prep.sql'), "PREPARE wipe FROM DELETE FROM ${database}.access_logs_raw WHERE status = 'x';\n");

    // Act
    const validate = await migrate(['validate', ...base()]);
    const apply = await migrate(['apply', ...base()]);

    // Assess
    expect(validate.code).toBe(0);
    expect(apply.code).toBe(3);
    expect(apply.stderr.split('\n').slice(1).join('\n')).toBe(
      'migrate: V9__prep.sql statement 1 (line 1): PREPARE ... FROM DELETE logtel_dev.access_logs_raw deletes rows; pass --allow-destructive V9__prep.sql (the file) or V9__prep.sql:1 (this statement) if this is intended\n',
    );
  }, 90_000);

  it.each([['abc'], ['1..2'], ['0x10'], ['-1'], ['']])(
    'refuses --target %p as a usage error (exit 2) naming the option',
    async (version) => {
      // Act: before the fix, 'abc' ended in a bare SyntaxError (exit 1) and '0x10' was read as version 16.
      const result = await migrate(['plan', '--target', version, ...base()]);

      // Assess
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n').slice(1).join('\n')).toBe(`migrate: --target '${version}': expected a version like 3 or 2.1\n`);
    },
    90_000,
  );

  it('refuses a --placeholder database value that would smuggle a statement (or a path) with exit 2, before any header or write', async () => {
    // Act
    const injected = await migrate(['plan', '--placeholder', 'database=logtel_dev.x; DROP DATABASE logtel_dev CASCADE; --', ...base()]);
    const escaping = await migrate(['apply', '--placeholder', 'database=../../outside', ...base()]);

    // Assess
    expect(injected).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "migrate: --placeholder database: got 'logtel_dev.x; DROP DATABASE logtel_dev CASCADE; --'; expected a Glue database name: lower-case letters, digits and _\n",
    });
    expect(escaping.code).toBe(2);
    expect(escaping.stderr).toBe(
      "migrate: --placeholder database: got '../../outside'; expected a Glue database name: lower-case letters, digits and _\n",
    );
    expect(readdirSync(root)).toEqual(['migrations']);
  }, 90_000);

  it('refuses a --data-dir that is a file with exit 2 naming the option, not a bare ENOTDIR', async () => {
    // Prepare
    writeFileSync(join(root, 'lake-file'), '');

    // Act
    const result = await migrate(['status', '--data-dir', join(root, 'lake-file'), '--migrations-dir', migrationsDir]);

    // Assess
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `migrate: --data-dir '${join(root, 'lake-file')}': is not a directory; expected the local lake's folder (created when missing)\n`,
    });
  }, 90_000);

  it('names a folder called like a migration, exit 3, no bare EISDIR', async () => {
    // Prepare
    mkdirSync(join(migrationsDir, 'V9__old.sql'));

    // Act
    const result = await migrate(['validate', ...base()]);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`migrate: V9__old.sql: is not a regular file; a migration must be a .sql file in ${migrationsDir}\n`);
  }, 90_000);

  it('repair --dry-run prints what it would clear and changes nothing', async () => {
    // Prepare: statement 2 of V4 reads a missing table, so apply records a failure.
    writeFileSync(
      join(migrationsDir, 'V9__bad.sql'),
      'CREATE OR REPLACE VIEW ${database}.ok AS SELECT 1 AS a;\nCREATE VIEW ${database}.bad AS SELECT * FROM ${database}.nope;\n',
    );
    expect((await migrate(['apply', ...base()])).code).not.toBe(0);
    const historyDir = join(dataDir, 'catalog', 'logtel_dev', '_schema_history');
    const before = readdirSync(historyDir);

    // Act
    const dryRun = await migrate(['repair', '--dry-run', ...base()]);
    const status = await migrate(['status', ...base()]);

    // Assess
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(
      /^V9__bad\.sql: would clear the failure at statement 2 \(.*nope.*\); the next apply would resume at statement 2 of 2 with attempt 2\n$/,
    );
    expect(readdirSync(historyDir)).toEqual(before);
    expect(status.stdout).toMatch(/failed {12}V9__bad\.sql 1\/2/);
  }, 90_000);
  it("a --data-dir that cannot be made exits 2 in seconds with one line (Node's recursive mkdir loops forever under /proc)", async () => {
    // Act
    const result = await migrate(['--engine', 'local', '--data-dir', '/proc/no-such-lake', 'status']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(1).join('\n')).toBe(
      "migrate: --data-dir /proc/no-such-lake cannot be used (ENOENT: no such file or directory, mkdir '/proc/no-such-lake'); expected a directory this user can create and write\n",
    );
  }, 30_000);
});
