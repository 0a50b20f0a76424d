/**
 * An AbortSignal that fires when `deadlineEpochMs` (minus `marginMs`) is reached, for
 * `client.send(command, { abortSignal })`: it bounds one call by the time its caller
 * has left (a Lambda's remaining invocation time), not by a fixed timeout. An already
 * passed deadline gives a signal that is aborted at once.
 */
export function deadlineSignal(deadlineEpochMs: number, marginMs = 0, now: () => number = Date.now): AbortSignal {
  const left = Math.floor(deadlineEpochMs - marginMs - now());
  if (!(left > 0)) return AbortSignal.abort(new DeadlineReachedError(deadlineEpochMs));
  // Node fires a timer longer than it can hold after 1 ms (TimeoutOverflowWarning): a
  // deadline that far away is no bound for one call, so its signal never fires.
  return left > MAX_TIMER_MS ? new AbortController().signal : AbortSignal.timeout(left);
}

/** The longest delay a Node timer holds: 2^31 - 1 ms (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A call was not started, or was cut short, because its deadline was reached. */
export class DeadlineReachedError extends Error {
  public constructor(public readonly deadlineEpochMs: number) {
    super(`deadline ${new Date(deadlineEpochMs).toISOString()} reached`);
    this.name = 'DeadlineReachedError';
  }
}
