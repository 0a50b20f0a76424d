/** Base of every error the local data-plane run raises itself. */
export class LocalRunError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A run option (CLI flag or library prop) is out of range; names the option and what was expected. */
export class LocalOptionError extends LocalRunError {
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

/** The data directory cannot be used (it holds files the run did not create). */
export class DataDirError extends LocalRunError {}

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
