import { spawnTsx } from '../support/spawn-command';

/**
 * Every bench takes no arguments: `--help` says what it measures and exits 0 at once,
 * anything else exits 2 with one line. Before, both ran the whole bench (minutes).
 * Bounded by a timeout far below any bench's run time, so a bench that starts fails here.
 */
const QUICK_MS = 20_000;

describe('npm run bench:* arguments', () => {
  it('--help prints what the bench measures, from its opening comment, and exits 0 without running it', async () => {
    // Act
    const help = await spawnTsx('bench/synth.bench.ts', ['--help'], { timeoutMs: QUICK_MS });

    // Assess
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: npm run bench:synth\n\nnpm run bench:synth — the full synth of main\.ts/);
    expect(help.stdout).toContain('Budget (issue 2): full synth <= 1.5 s wall and <= 400 MB peak RSS.');
    expect(help.stdout).not.toContain('*');
    expect(help.stdout).toMatch(/Exit codes: 0 ok \(targets met\), 1 a target missed or the run failed, 2 usage error\.\n$/);
  });

  it('an unknown argument exits 2 with one line naming it, without running the bench', async () => {
    // Act
    const bad = await spawnTsx('bench/local.bench.ts', ['--runs', '3'], { timeoutMs: QUICK_MS });

    // Assess
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe("bench:local: unknown argument '--runs'; expected none, or --help\n");
  });
});
