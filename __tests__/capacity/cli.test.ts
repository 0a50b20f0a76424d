import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/** Runs `npm run capacity -- <args>` the way npm does (tsx), without npm's startup cost. */
const capacity = (args: readonly string[]): Promise<SpawnOutcome> => spawnTsx('capacity/cli.ts', args, { timeoutMs: 30_000 });

describe('CLI: npm run capacity', () => {
  it('prints the table for prod at 10k events/s and names the Firehose bytes quota as the first to break', async () => {
    // Act
    const { stdout, stderr, code } = await capacity(['--env', 'prod', '--events-per-second', '10000']);

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('capacity of prod (us-east-1) at 10,000 events/s per dataset, 500 B per record');
    expect(stdout).toMatch(/access-logs\s+processed\s+Firehose Direct PUT bytes\s+4\.77 MiB\/s\s+5 MiB\/s\s+95\.4%/);
    expect(stdout).toMatch(/turbine-telemetry\s+search\s+Firehose Direct PUT bytes/);
    expect(stdout).toContain(
      'first quota to break: access-logs processed: Firehose Direct PUT bytes (5 MiB/s, Amazon Data Firehose Quota), breaks above 10,485 events/s per dataset\n',
    );
    expect(stdout).toContain('(assumed) indexing');
  });

  it('prints JSON with --json and honours --record-bytes', async () => {
    const { stdout, code } = await capacity(['--env', 'dev', '--events-per-second', '1000', '--record-bytes', '1000', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      environment: string;
      assumptions: { recordBytes: number };
      firstToBreak: { atEventsPerSecond: number };
    };
    expect(report.environment).toBe('dev');
    expect(report.assumptions.recordBytes).toBe(1000);
    expect(report.firstToBreak.atEventsPerSecond).toBe(5_243);
  });

  it.each([
    [['--env', 'qa', '--events-per-second', '10'], "capacity: --env: unknown environment 'qa'; expected one of dev, prod\n"],
    [['--env', 'dev', '--events-per-second', 'lots'], "capacity: --events-per-second: got 'lots'; expected a number above 0\n"],
    [
      ['--env', 'dev', '--events-per-second', '10', '--record-bytes', '2.5'],
      "capacity: --record-bytes: got '2.5'; expected a whole number above 0\n",
    ],
    [
      ['--env', 'dev', '--events-per-second', '10', '--record-bytes', '2000000'],
      'capacity: --record-bytes: got 2000000; expected at most 1024000 (the Firehose record limit)\n',
    ],
    [['--env', 'dev', '--events-per-second', '0x10'], "capacity: --events-per-second: got '0x10'; expected a number above 0\n"],
    [
      ['--env', 'dev', '--events-per-second', '10', '--record-bytes', '0b1111'],
      "capacity: --record-bytes: got '0b1111'; expected a whole number above 0\n",
    ],
    [
      ['--env', 'dev', '--events-per-second', '1e9'],
      'capacity: --events-per-second: got 1e9; expected at most 100000000 (the highest load the model searches)\n',
    ],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const { stdout, stderr, code } = await capacity(args);
    expect({ code, stderr, stdout }).toEqual({ code: 2, stderr: message, stdout: '' });
  });

  it('exits 2 when a required option is missing, and --help ends with the exit codes', async () => {
    const missing = await capacity(['--env', 'dev']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--events-per-second <n>' not specified");
    const help = await capacity(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
  });
});
