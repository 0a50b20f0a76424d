/** Defaults of the processor Lambda, each with its reason. */
export const PROCESSOR_DEFAULTS = {
  /**
   * Attempts end, and retries stop, this long before Lambda's timeout: the handler
   * still has to collect the sinks' reports and answer, and a partial batch response
   * that arrives after the timeout counts as a failed invocation (the whole batch again).
   */
  deadlineMarginMs: 3_000,
  /**
   * The margin is at most this share of the time left when the invocation starts: a
   * function configured with the shortest timeout (3 s) would otherwise get a deadline
   * already passed, abort every call before it starts, and never deliver anything.
   * A quarter leaves three quarters for the calls and still hundreds of milliseconds
   * to answer, which takes a few.
   */
  deadlineMarginMaxShare: 0.25,
  /**
   * A socket of one attempt that is silent this long is given up (the SDK raises a
   * TimeoutError, retryable): a 4 MiB PutRecordBatch answers within a second or two,
   * and a shorter bound than the invocation leaves time for another attempt.
   */
  requestTimeoutMs: 10_000,
  /**
   * SDK attempts per call: 1. The sinks retry failed entries and retryable calls
   * themselves, within the invocation deadline; SDK retries on top would multiply them.
   */
  sdkMaxAttempts: 1,
  /**
   * Largest quarantine object, in UTF-16 units of its NDJSON text. V8 strings stop at
   * ~2^29 units (~512 Mi); a batch whose entries would pass this is written in parts.
   */
  maxQuarantineObjectChars: 64 * 1024 * 1024,
  /**
   * Event times later than now + this many seconds are quarantined
   * (`MAX_FUTURE_SKEW_SECONDS`): five minutes tolerates producer clocks that run a little
   * ahead; a time further in the future is taken for a producer bug, not a reading.
   */
  maxFutureSkewSeconds: 300,
  /** Bound for string fields that declare no maxLength: strings are always bounded. */
  maxStringLength: 1024,
} as const;
