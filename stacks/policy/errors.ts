/** Errors of the policy checks (misuse of the API, not policy violations: those are synth annotations). */
export class PolicyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
  }
}

/** A waiver without a rule id or without a reason. */
export class InvalidWaiverError extends PolicyError {
  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidWaiverError';
  }
}
