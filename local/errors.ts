import { ExitCode } from '../cli/exit-codes';

/**
 * Base of every error the local data-plane run raises itself. Its message is meant
 * for the user; `exitCode` is the project-wide code (cli/exit-codes.ts): 1 here.
 */
export class LocalRunError extends Error {
  public readonly exitCode: ExitCode = ExitCode.Failure;

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A run option (CLI flag or library prop) is out of range; names the option and what was expected. */
export class LocalOptionError extends LocalRunError {
  public override readonly exitCode: ExitCode = ExitCode.Usage;
  public constructor(
    /** The library prop, e.g. `simulatedMinutes` (the CLI names its flag instead). */
    public readonly option: string,
    /** What was wrong and what was expected, without the option name. */
    public readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${option}: ${detail}`, options);
  }
}

/** The data directory cannot be used (it holds files the run did not create); refused, exit 3. */
export class DataDirError extends LocalRunError {
  public override readonly exitCode: ExitCode = ExitCode.Refused;
}

/** Another local run holds the data directory's lock; refused, exit 3. */
export class DataDirLockedError extends DataDirError {}

/** A local stand-in for an AWS service failed (Kinesis read, delivery write, DuckDB). */
export class LocalServiceError extends LocalRunError {}

/** A file of the local lake is not what its writer produces; names the file. */
export class LakeFileError extends LocalRunError {
  public constructor(
    public readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}
