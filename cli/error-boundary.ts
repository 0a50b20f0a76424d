import { Command, CommanderError } from 'commander';
import { awsErrorSummary } from '../aws/error-summary';
import { EXIT_CODES_HELP, ExitCode, isExitCode } from './exit-codes';

export interface CliBoundaryOptions {
  /** Arguments after the script, for `--verbose`. @default process.argv.slice(2) */
  readonly argv?: readonly string[];
  /** @default process.stderr */
  readonly stderr?: { write(text: string): unknown };
  /**
   * Area errors that are expected failures but carry no `exitCode`: return the code
   * (the message is printed as it is). @default none
   */
  readonly classify?: (error: unknown) => ExitCode | undefined;
}

/**
 * The one error boundary of every CLI. Runs `main`, and turns what it throws into one
 * line on stderr, `<cli>: <message>`, and the project-wide exit code:
 * - a commander usage error: commander has printed it; exit 2 (0 for --help/--version);
 * - an error with an `exitCode` (CliError and area errors) or one `classify` knows: its message;
 * - an AWS SDK error or a network error: a one-line summary with the way out; exit 1;
 * - anything else: `name: first line` and a hint to run with `--verbose`; exit 1.
 * With `--verbose` the stack trace follows. Returns the exit code and sets `process.exitCode`.
 */
export async function runCli(name: string, main: () => Promise<number | void>, options: CliBoundaryOptions = {}): Promise<ExitCode> {
  const argv = options.argv ?? process.argv.slice(2);
  const stderr = options.stderr ?? process.stderr;
  let code: ExitCode;
  try {
    const returned = await main();
    code = isExitCode(returned) ? returned : ExitCode.Ok;
  } catch (error) {
    code = exitCodeOf(error, options.classify);
    const message = messageOf(error, code);
    if (message !== undefined) stderr.write(`${name}: ${message}\n`);
    if (argv.includes('--verbose') && error instanceof Error && error.stack !== undefined) stderr.write(`${error.stack}\n`);
  }
  process.exitCode = code;
  return code;
}

function exitCodeOf(error: unknown, classify: CliBoundaryOptions['classify']): ExitCode {
  // Help shown because a subcommand is missing (`produce` alone) is a usage error: commander says so with exitCode 1.
  if (error instanceof CommanderError) return COMMANDER_OK.has(error.code) && error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  const own = (error as { exitCode?: unknown } | null)?.exitCode;
  if (isExitCode(own)) return own;
  return classify?.(error) ?? ExitCode.Failure;
}

/** What to print; undefined when commander has printed it already. */
function messageOf(error: unknown, code: ExitCode): string | undefined {
  if (error instanceof CommanderError) return undefined;
  if (!(error instanceof Error)) return String(error);
  const own = (error as { exitCode?: unknown }).exitCode;
  if (isExitCode(own) || code !== ExitCode.Failure) return error.message;
  if (isAwsOrNetworkError(error)) return awsErrorSummary(error);
  return `${error.name}: ${error.message.split('\n', 1)[0] ?? ''} (run again with --verbose for the stack trace)`;
}

function isAwsOrNetworkError(error: Error): boolean {
  const shaped = error as { $metadata?: unknown; code?: unknown };
  return (
    shaped.$metadata !== undefined ||
    error.name === 'TimeoutError' ||
    error.name === 'CredentialsProviderError' ||
    (typeof shaped.code === 'string' && /^E[A-Z_]+$/.test(shaped.code))
  );
}

const COMMANDER_OK: ReadonlySet<string> = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/**
 * The conventions every CLI's commander program follows: `--version`, `--verbose`,
 * the exit-code table at the end of every `--help` (subcommands included), and usage
 * errors thrown to `runCli` (exit 2) instead of commander's own `process.exit(1)`.
 * Call it after all subcommands are defined.
 */
export function applyCliConventions(program: Command, version: string): Command {
  program.version(version, '--version', 'print the version and exit');
  program.option('--verbose', 'print stack traces of unexpected errors');
  const walk = (command: Command): void => {
    command.exitOverride();
    command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
    command.commands.forEach(walk);
  };
  walk(program);
  return program;
}
