import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run migrate -- <args>` the way npm does (tsx), bounded by a timeout. */
async function migrate(args: readonly string[], timeout = 30_000): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'migrate', 'cli.ts'), ...args], { cwd: ROOT, timeout, env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('CLI: npm run migrate, exit codes and usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 on usage errors (unknown option, bad choice, no subcommand), prints --version, and ends every --help with the exit codes', async () => {
    // Act
    const [unknown, choice, bare, version, help, subHelp] = await Promise.all([
      migrate(['status', '--bogus']),
      migrate(['--engine', 'oracle', 'status']),
      migrate([]),
      migrate(['--version']),
      migrate(['--help']),
      migrate(['queries', 'run', '--help']),
    ]);

    // Assess
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, "error: unknown option '--bogus'"]);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain("argument 'oracle' is invalid. Allowed choices are athena, local.");
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: migrate \[options\] \[command\]/);
    expect([version.code, version.stdout.trim()]).toEqual([0, '0.1.0']);
    for (const h of [help, subHelp]) {
      expect(h.code).toBe(0);
      expect(h.stdout.trim().split('\n').pop()).toBe('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused (validation, guard, lock) or checks failed.');
    }
  });

  it('a --data-dir that cannot be made exits 2 in seconds with one line (Node\'s recursive mkdir loops forever under /proc)', async () => {
    // Act
    const result = await migrate(['--engine', 'local', '--data-dir', '/proc/no-such-lake', 'apply'], 20_000);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("migrate: --data-dir /proc/no-such-lake cannot be used (ENOENT: no such file or directory, mkdir '/proc/no-such-lake'); expected a directory this user can create and write\n");
  });

  it('an unknown saved query exits 2 naming the known ones; a malformed --placeholder exits 2', async () => {
    // Act
    const unknownQuery = await migrate(['--engine', 'local', '--data-dir', dir, 'queries', 'run', 'no_such_query']);
    const placeholder = await migrate(['--engine', 'local', '--data-dir', dir, '--placeholder', 'novalue', '--', 'status']);

    // Assess
    expect(unknownQuery.code).toBe(2);
    expect(unknownQuery.stderr).toMatch(/^migrate: unknown saved query 'no_such_query'; expected one of: access_logs_critical_errors_last_hour, /);
    expect(unknownQuery.stderr).not.toMatch(/\n\s+at /);
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toBe("migrate: --placeholder 'novalue': expected name=value\n");
  });
});
