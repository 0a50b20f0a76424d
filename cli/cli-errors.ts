import { ExitCode } from './exit-codes';

/**
 * Base of the errors a CLI raises on purpose: its message is meant for the user (one
 * line naming the input and what was expected) and it carries the exit code. Area
 * errors (producers, migrate, local, ops) may instead carry an `exitCode` property of
 * their own; the error boundary honours both.
 */
export class CliError extends Error {
  public constructor(
    message: string,
    public readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line is wrong (exit 2). */
export class UsageError extends CliError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Usage, options);
  }
}

/** Refused on purpose: validation, a guard, a lock (exit 3). */
export class RefusedError extends CliError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Refused, options);
  }
}
