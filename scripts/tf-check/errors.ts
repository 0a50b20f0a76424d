/**
 * Exit codes of tf:check, the project-wide ones: 0 ok, 1 runtime failure, 2 usage
 * (bad environment variable), 3 refused / checks failed (including "no terraform binary":
 * the check refuses to skip silently).
 */
export const TF_CHECK_EXIT = { ok: 0, runtime: 1, usage: 2, failed: 3 } as const;

export type TfCheckExitCode = (typeof TF_CHECK_EXIT)[keyof typeof TF_CHECK_EXIT];

/** A failure of tf:check with a one-line message and the exit code it maps to. */
export class TfCheckError extends Error {
  public readonly exitCode: TfCheckExitCode;

  public constructor(message: string, exitCode: TfCheckExitCode, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'TfCheckError';
    this.exitCode = exitCode;
  }
}

/** No usable terraform binary: stops the check before anything else. */
export class TerraformNotFoundError extends TfCheckError {
  public constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, TF_CHECK_EXIT.failed, options);
    this.name = 'TerraformNotFoundError';
  }
}

/** A terraform command failed, timed out or could not start. */
export class TerraformCommandError extends TfCheckError {
  public constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, TF_CHECK_EXIT.failed, options);
    this.name = 'TerraformCommandError';
  }
}
