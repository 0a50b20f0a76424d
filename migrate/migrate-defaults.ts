/** Defaults of the migrate CLI, each with its reason. */
export const MIGRATE_DEFAULTS = {
  /**
   * Time one AWS request may take (`--timeout`). Every call the runner makes
   * (STS GetCallerIdentity, Glue table reads and writes, StartQueryExecution,
   * GetQueryExecution, a page of results) answers in well under a second; a
   * statement's own run time is spent between polls, not inside a request. With
   * the factory's 3 attempts, a silent endpoint ends the run in about 30 s
   * rather than the 90 s the shared 30 s default would take.
   */
  requestTimeoutMs: 10_000,
  /**
   * Delays between GetQueryExecution polls and before throttled or retryable
   * calls: 200 ms doubling to 5 s. Most DDL finishes within the first polls; a
   * long statement is then polled every 5 s, well inside Athena's API rates.
   */
  backoff: { baseDelayMs: 200, maxDelayMs: 5000 },
  /** Polls of one statement before giving up: about 33 minutes at the 5-second cap. */
  maxPolls: 400,
  /**
   * Lock lifetime when none is given. The lock is renewed once half of it passed,
   * between statements and after every poll of a running one; the lifetime is
   * still longer than the longest a single statement is ever waited on (maxPolls
   * at the 5-second cap, about 33 minutes), so even a run that could not renew
   * keeps its lock while it waits.
   */
  lockTtlMs: 60 * 60_000,
} as const;
