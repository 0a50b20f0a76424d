import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

const SMALL = ['--count', '600', '--readings-per-turbine', '150', '--duration', '150', '--scenario', 'none', '--no-queries', '--no-report'];

/** Runs `npm run local -- <args>` the way npm does (tsx), bounded. */
const local = (args: readonly string[]): Promise<SpawnOutcome> => spawnTsx('local/cli.ts', args);

/** The pid of a process that has exited: a lock it held is stale. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('CLI: npm run local', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'local-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a data directory another run holds (exit 3), naming the holder and the way out, and leaves its files alone', async () => {
    // Prepare: an earlier run's directory, locked by a live process (this one)
    const dir = tempDir();
    writeFileSync(join(dir, '.local-run'), 'x');
    writeFileSync(join(dir, 'report.html'), 'the first run is writing this');
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-12-01T03:00:00.000Z' }));

    // Act
    const result = await local(['--data-dir', dir, ...SMALL]);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe(
      `local: --data-dir ${dir}: in use by another local run (pid ${process.pid} on ${hostname()}, started 2026-12-01T03:00:00.000Z); wait for it to finish, or pass another --data-dir; ` +
        `if no local run uses it (a killed run whose pid now belongs to another process, or a run on another host that is gone), delete ${join(dir, '.lock')}`,
    );
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it('takes over a stale lock (its run is gone), runs, releases the lock, and prints a --json summary', async () => {
    // Prepare
    const dir = tempDir();
    writeFileSync(join(dir, '.local-run'), 'x');
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: '2026-12-01T03:00:00.000Z' }));

    // Act
    const result = await local(['--data-dir', dir, ...SMALL, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { ok: boolean; datasets: { dataset: string; produced: number; conserved: boolean }[] };
    expect(summary.ok).toBe(true);
    expect(summary.datasets.map((d) => [d.dataset, d.conserved])).toEqual([
      ['access-logs', true],
      ['turbine-telemetry', true],
    ]);
    expect(readdirSync(dir)).not.toContain('.lock');
  });

  it('of two runs started together on one directory, one refuses with exit 3 and the other completes', async () => {
    // Prepare
    const dir = tempDir();

    // Act
    const [a, b] = await Promise.all([local(['--data-dir', dir, ...SMALL]), local(['--data-dir', dir, ...SMALL])]);

    // Assess
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    const refused = a.code === 3 ? a : b;
    expect(refused.stderr).toMatch(/in use by another local run|took the lock at the same moment/);
    expect((a.code === 0 ? a : b).stdout).toContain('All checks passed.');
  });

  it('refuses a directory of foreign files (exit 3) with the way out, and adopts the catalog `migrate --engine local` made', async () => {
    // Prepare
    const foreign = tempDir();
    mkdirSync(join(foreign, 'src'));
    const migrated = tempDir();
    const applied = await spawnTsx('migrate/cli.ts', ['--engine', 'local', '--data-dir', migrated, 'apply'], { timeoutMs: 120_000 });
    expect(applied.code).toBe(0);

    // Act
    const refused = await local(['--data-dir', foreign, ...SMALL]);
    const adopted = await local(['--data-dir', migrated, ...SMALL]);

    // Assess
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim()).toBe(
      `local: --data-dir ${foreign}: holds files no local run created (src; no .local-run file), and a run empties its directory; pass another --data-dir (e.g. --data-dir .local-run-2), or empty this one yourself if nothing in it is needed`,
    );
    expect(existsSync(join(foreign, 'src'))).toBe(true);
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain('All checks passed.');
  });

  it("a --data-dir that cannot be made exits 2 in seconds naming it: under a file, and under /proc (where Node's recursive mkdir loops forever)", async () => {
    // Prepare: a regular file where a directory is expected
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');

    // Act
    const underFile = await spawnTsx('local/cli.ts', ['--data-dir', join(file, 'lake'), ...SMALL], { timeoutMs: 20_000 });
    const underProc = await spawnTsx('local/cli.ts', ['--data-dir', '/proc/no-such-lake/x', ...SMALL], { timeoutMs: 20_000 });

    // Assess: one line each, no stack trace, and no hang (the timeout would give code -1)
    expect(underFile.code).toBe(2);
    expect(underFile.stderr.trim()).toBe(
      `local: --data-dir: ${join(file, 'lake')} cannot be used (ENOTDIR: not a directory, stat '${join(file, 'lake')}'); expected a directory this user can create and write`,
    );
    expect(underProc.code).toBe(2);
    expect(underProc.stderr.trim()).toMatch(
      /^local: --data-dir: \/proc\/no-such-lake\/x cannot be used \(ENOENT: no such file or directory, mkdir '\/proc\/no-such-lake'\); expected a directory this user can create and write$/,
    );
  });

  it('usage errors exit 2 naming the flag; --turbine-count names its new name; --version; exit codes in --help', async () => {
    const renamed = await local(['--turbine-count', '100']);
    expect(renamed.code).toBe(2);
    expect(renamed.stderr.trim()).toBe(
      'local: --turbine-count: renamed --readings-per-turbine (it sets the readings per turbine, not the number of turbines); run again with --readings-per-turbine 100',
    );

    const bad = await local(['--duration', '20', '--data-dir', tempDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('local: --duration: got 20; scenarios need at least 30 simulated minutes');

    // An empty value (an unset shell variable) is not 0: it used to run a whole local run with --count 0
    const empty = await local(['--count', '', '--data-dir', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error: option '--count <n>' argument '' is invalid\. expected an integer >= 0\n/);
    const noScenario = await local(['--scenario', '', '--data-dir', tempDir()]);
    expect([noScenario.code, noScenario.stderr]).toEqual([
      2,
      'local: --scenario: empty; expected a comma-separated list of outage, spike, fault, silent, or "none"\n',
    ]);

    const version = await local(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

    const help = await local(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--readings-per-turbine <n>');
    expect(help.stdout).not.toContain('--turbine-count');
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
  });

  it('a Firehose outage longer than the retries raises the failure-destination health alarm and exits 3', async () => {
    const result = await local(['--data-dir', tempDir(), ...SMALL, '--firehose-outage', '20:120', '--json']);
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout) as { ok: boolean; failures: string[]; healthAlerts: { key: string }[] };
    expect(summary.ok).toBe(false);
    expect(summary.healthAlerts.map((a) => a.key)).toEqual(['failure-destination']);
    expect(summary.failures).toContainEqual(
      expect.stringMatching(/^pipeline health alarm failure-destination fired \S+ \.\. \S+: a batch reached the failure destination/),
    );
  });
});
