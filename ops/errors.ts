import { ExitCode } from '../cli/exit-codes';

/** Errors of the ops commands: each says what failed and what to do. Runtime failures: exit 1. */
export class OpsError extends Error {
  readonly exitCode: ExitCode = ExitCode.Failure;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsError';
  }
}

/** Bad command-line input or configuration: exit 2. */
export class OpsUsageError extends OpsError {
  override readonly exitCode: ExitCode = ExitCode.Usage;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsUsageError';
  }
}

/** The domain could not be reached, or the request could not be signed: one line with the way out. */
export class OpenSearchConnectionError extends OpsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenSearchConnectionError';
  }
}

/** The domain answered a REST call with an unexpected status. */
export class OpenSearchRequestError extends OpsError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly responseBody: string,
    hint = '',
  ) {
    // One line: the body's line breaks would split it, and 300 characters say what the domain objected to.
    super(`${method} ${path} failed with HTTP ${status}: ${responseBody.replace(/\s+/g, ' ').slice(0, 300)}${hint ? ` (${hint})` : ''}`);
    this.name = 'OpenSearchRequestError';
  }
}
