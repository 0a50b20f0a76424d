import { ExitCode } from '../../cli/exit-codes';

/**
 * A policy waiver without a valid rule id or without a reason. Not a props error and
 * not a policy violation (those are synth annotations): a waiver must say which rule it
 * waives and why, or it is refused where it is written.
 */
export class InvalidWaiverError extends Error {
  readonly exitCode = ExitCode.Refused;

  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidWaiverError';
  }
}
