import { CliError } from '../../cli/cli-errors';
import { ExitCode } from '../../cli/exit-codes';

/**
 * tf:check's names for the project-wide exit codes (cli/exit-codes.ts): 0 ok, 1 runtime failure,
 * 2 usage (bad argument or environment variable), 3 checks failed, including "no terraform
 * binary": the check refuses to skip silently.
 */
export const TF_CHECK_EXIT = { ok: ExitCode.Ok, runtime: ExitCode.Failure, usage: ExitCode.Usage, failed: ExitCode.Refused } as const;

/** A failure of tf:check with a one-line message and its exit code; cli/error-boundary.ts prints it. */
export class TfCheckError extends CliError {}

/** No usable terraform binary: stops the check before anything else. */
export class TerraformNotFoundError extends TfCheckError {
  public constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, TF_CHECK_EXIT.failed, options);
  }
}

/** A terraform command failed, timed out or could not start. */
export class TerraformCommandError extends TfCheckError {
  public constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, TF_CHECK_EXIT.failed, options);
  }
}
