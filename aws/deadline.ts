/**
 * An AbortSignal that fires when `deadlineEpochMs` (minus `marginMs`) is reached, for
 * `client.send(command, { abortSignal })`: it bounds one call by the time its caller
 * has left (a Lambda's remaining invocation time), not by a fixed timeout. An already
 * passed deadline gives a signal that is aborted at once.
 */
export function deadlineSignal(deadlineEpochMs: number, marginMs = 0, now: () => number = Date.now): AbortSignal {
  const left = Math.floor(deadlineEpochMs - marginMs - now());
  return left > 0 ? AbortSignal.timeout(left) : AbortSignal.abort(new DeadlineReachedError(deadlineEpochMs));
}

/** A call was not started, or was cut short, because its deadline was reached. */
export class DeadlineReachedError extends Error {
  public constructor(public readonly deadlineEpochMs: number) {
    super(`deadline ${new Date(deadlineEpochMs).toISOString()} reached`);
    this.name = 'DeadlineReachedError';
  }
}
