import { ExitCode } from '../cli/exit-codes';

/**
 * Typed errors of the migration runner. Each carries the data a caller needs to
 * explain the failure (file, statement, Athena reason) and forwards `cause`, and
 * the project-wide exit code the CLI ends with: 1 for a runtime failure (the
 * default), 2 for a wrong command line, 3 for a refusal (validation, guard, lock).
 */

export class MigrateError extends Error {
  readonly exitCode: ExitCode = ExitCode.Failure;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line is wrong: an unknown environment, a malformed option value (exit 2). */
export class MigrateUsageError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Usage;
}

/** A SQL file could not be split: an unterminated string, identifier or comment. */
export class SqlSyntaxError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;

  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** A migration or query file name or content does not follow the conventions. */
export class SqlFileError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;

  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A `${name}` placeholder has no value for the target. */
export class UnresolvedPlaceholderError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;

  constructor(
    readonly placeholder: string,
    readonly file: string,
    known: readonly string[],
  ) {
    super(`${file}: unresolved placeholder \${${placeholder}}; known placeholders: ${known.join(', ')}`);
  }
}

/** The local engine met SQL outside the subset it translates. */
export class UnsupportedSqlError extends MigrateError {}

/** A statement reached a final state other than SUCCEEDED (or failed locally). */
export class StatementFailedError extends MigrateError {
  constructor(
    message: string,
    readonly details: {
      readonly state: 'FAILED' | 'CANCELLED' | 'ERROR';
      readonly executionId?: string;
      readonly errorCategory?: number;
      readonly errorType?: number;
      readonly retryable: boolean;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Retries of throttled or retryable calls ran out. */
export class RetriesExhaustedError extends MigrateError {}

/** `validate` found applied migrations that no longer match the files. */
export class ValidationFailedError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;

  constructor(readonly problems: readonly string[]) {
    super(`validation failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Another run holds the migration lock. */
export class LockHeldError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;

  constructor(
    readonly owner: string,
    readonly expiresAt: string,
  ) {
    super(`the migration lock is held by ${owner} until ${expiresAt}; retry later (a lock past its expiry is taken over)`);
  }
}

/** The history changed between read and write (compare-and-swap lost). */
export class HistoryConflictError extends MigrateError {}

/** A destructive statement without `--allow-destructive`, or DDL on a Terraform-owned table. */
export class DestructiveStatementError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;
}

/** `baseline` on a history that is not empty. */
export class BaselineRefusedError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;
}

/** `unlock` of a lock whose holder may be alive, without `--force`. */
export class LockRefusedError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;
}

/** A failed migration blocks `apply` until `repair`. */
export class FailedMigrationError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Refused;
}

/** A saved query name is unknown. */
export class UnknownQueryError extends MigrateError {
  override readonly exitCode: ExitCode = ExitCode.Usage;
}
