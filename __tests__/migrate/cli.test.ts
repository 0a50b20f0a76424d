import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { promisify } from 'node:util';
import { MIGRATIONS_DIR } from '../../migrate/saved-queries';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run migrate -- <args>` the way npm does (tsx), without AWS credentials, on the local engine. */
async function migrate(args: readonly string[]): Promise<CliResult> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '', AWS_SECRET_ACCESS_KEY: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'migrate', 'cli.ts'), ...args], { cwd: ROOT, timeout: 60_000, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('CLI: migrate (spawned, local engine)', () => {
  let root: string;
  let dataDir: string;
  let migrationsDir: string;
  const base = (): string[] => ['--data-dir', dataDir, '--migrations-dir', migrationsDir];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'migrate-cli-'));
    dataDir = join(root, 'lake');
    migrationsDir = join(root, 'migrations');
    cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
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
    expect(apply.stderr).toMatch(/^migrate: engine local .*\nmigrate: validation failed:\n {2}- V1__access_logs_raw\.sql: edited after it was applied/);
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
    expect(allowed.stdout).toContain("-- V9__drop.sql\nDROP DATABASE logtel_dev;\n\n-- R__analysis_views.sql\n");
  }, 90_000);

  it('repair --dry-run prints what it would clear and changes nothing', async () => {
    // Prepare: statement 2 of V4 reads a missing table, so apply records a failure.
    writeFileSync(join(migrationsDir, 'V9__bad.sql'), 'CREATE OR REPLACE VIEW ${database}.ok AS SELECT 1 AS a;\nCREATE VIEW ${database}.bad AS SELECT * FROM ${database}.nope;\n');
    expect((await migrate(['apply', ...base()])).code).not.toBe(0);
    const historyDir = join(dataDir, 'catalog', 'logtel_dev', '_schema_history');
    const before = readdirSync(historyDir);

    // Act
    const dryRun = await migrate(['repair', '--dry-run', ...base()]);
    const status = await migrate(['status', ...base()]);

    // Assess
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/^V9__bad\.sql: would clear the failure at statement 2 \(.*nope.*\); the next apply would resume at statement 2 of 2 with attempt 2\n$/);
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
