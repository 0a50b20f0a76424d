/** A signed AWS HTTP call failed: error answer, timeout or network error. */
export class AwsHttpError extends Error {
  public constructor(
    message: string,
    /** AWS error code (e.g. ThrottlingException, SlowDown) or Node network code (e.g. ECONNRESET). */
    public readonly code: string,
    /** HTTP status, when an answer arrived. */
    public readonly httpStatus: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }

  /** Throttling, 5xx and calls without an answer may succeed when tried again. */
  public get retryable(): boolean {
    if (this.httpStatus === undefined) return true;
    return this.httpStatus >= 500 || this.httpStatus === 429 || /Throttl|SlowDown|TooManyRequests/.test(this.code);
  }
}

/** Credentials or region are missing from the environment. */
export class AwsEnvironmentError extends Error {
  public constructor(public readonly variable: string) {
    super(`${variable}: required by the signed AWS client, but not set`);
    this.name = 'AwsEnvironmentError';
  }
}
