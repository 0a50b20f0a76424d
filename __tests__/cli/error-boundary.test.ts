import { Command } from 'commander';
import { RefusedError, UsageError } from '../../cli/cli-errors';
import { applyCliConventions, runCli } from '../../cli/error-boundary';
import { ExitCode } from '../../cli/exit-codes';

/** Collects what the boundary writes to stderr. */
function capture(): { write(text: string): void; text(): string } {
  const parts: string[] = [];
  return { write: (text) => void parts.push(text), text: () => parts.join('') };
}

describe('Function: runCli', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it.each([
    [
      'usage',
      new UsageError('--count: got -1; expected an integer >= 1'),
      ExitCode.Usage,
      'demo: --count: got -1; expected an integer >= 1\n',
    ],
    ['refused', new RefusedError('lock held by run 42 since 10:00'), ExitCode.Refused, 'demo: lock held by run 42 since 10:00\n'],
    [
      'area error with exitCode',
      Object.assign(new Error('config: 2 problems\n  a\n  b'), { exitCode: 3 }),
      ExitCode.Refused,
      'demo: config: 2 problems\n  a\n  b\n',
    ],
  ])('prints the message of an expected %s error alone and exits with its code', async (_kind, error, code, printed) => {
    // Prepare
    const stderr = capture();

    // Act
    const exit = await runCli('demo', async () => Promise.reject(error), { stderr, argv: [] });

    // Assess
    expect(exit).toBe(code);
    expect(process.exitCode).toBe(code);
    expect(stderr.text()).toBe(printed);
  });

  it('summarises an AWS error in one line with the way out, and an unexpected error without its stack', async () => {
    const aws = capture();
    const timeout = Object.assign(new Error('Connection timed out after 300 ms\n    at x'), { name: 'TimeoutError' });
    expect(await runCli('demo', async () => Promise.reject(timeout), { stderr: aws, argv: [] })).toBe(ExitCode.Failure);
    expect(aws.text()).toBe(
      'demo: TimeoutError: Connection timed out after 300 ms (the endpoint did not answer in time; check the endpoint and the network)\n',
    );

    const bug = capture();
    expect(await runCli('demo', async () => Promise.reject(new TypeError('x is undefined')), { stderr: bug, argv: [] })).toBe(
      ExitCode.Failure,
    );
    expect(bug.text()).toBe('demo: TypeError: x is undefined (run again with --verbose for the stack trace)\n');
  });

  it('prints the stack with --verbose', async () => {
    const stderr = capture();
    await runCli('demo', async () => Promise.reject(new TypeError('x is undefined')), { stderr, argv: ['--verbose'] });
    expect(stderr.text()).toContain('    at ');
  });

  it('exits 2 on a commander usage error and 0 on --help, with the exit-code table in every help', async () => {
    // Prepare
    const build = (): { program: Command; out: string[] } => {
      const out: string[] = [];
      const program = new Command('demo').configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void out.push(s) });
      program
        .command('apply')
        .option('--dry-run', 'print only')
        .action(() => undefined);
      applyCliConventions(program, '1.2.3');
      return { program, out };
    };

    // Act
    const unknown = build();
    const usage = await runCli('demo', () => unknown.program.parseAsync(['node', 'demo', 'apply', '--nope']).then(() => undefined), {
      stderr: capture(),
      argv: [],
    });
    const help = build();
    const helped = await runCli('demo', () => help.program.parseAsync(['node', 'demo', 'apply', '--help']).then(() => undefined), {
      stderr: capture(),
      argv: [],
    });
    const version = build();
    await runCli('demo', () => version.program.parseAsync(['node', 'demo', '--version']).then(() => undefined), {
      stderr: capture(),
      argv: [],
    });

    // Assess
    expect(usage).toBe(ExitCode.Usage);
    expect(unknown.out.join('')).toContain("unknown option '--nope'");
    expect(helped).toBe(ExitCode.Ok);
    expect(help.out.join('')).toContain('--dry-run');
    expect(help.out.join('')).toContain('Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused');
    expect(version.out.join('')).toBe('1.2.3\n');
  });
});
