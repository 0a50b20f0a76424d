/**
 * The project-wide exit codes, the same for every CLI (produce, local, migrate,
 * bootstrap:opensearch, tf:check, ...). Scripts and CI branch on them.
 */
export const ExitCode = {
  /** Done as asked. */
  Ok: 0,
  /** A runtime failure: AWS or the network failed, records could not be delivered, a bug. */
  Failure: 1,
  /** The command line is wrong: unknown option, bad value, missing argument. */
  Usage: 2,
  /** Refused on purpose (validation, a guard, a lock held by another run) or checks failed. */
  Refused: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The text every `--help` ends with. */
export const EXIT_CODES_HELP = 'Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 refused (validation, guard, lock) or checks failed.';

export function isExitCode(value: unknown): value is ExitCode {
  return value === 0 || value === 1 || value === 2 || value === 3;
}
