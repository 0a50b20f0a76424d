/** Errors of the ops commands: each says what failed and what to do. */
export class OpsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsError';
  }
}

/** Bad command-line input or configuration. */
export class OpsUsageError extends OpsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpsUsageError';
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
    super(`${method} ${path} failed with HTTP ${status}: ${responseBody.slice(0, 500)}${hint ? `\n${hint}` : ''}`);
    this.name = 'OpenSearchRequestError';
  }
}
