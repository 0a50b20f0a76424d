/** Base of every error the processor raises itself. */
export class ProcessorError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A downstream service answered with an error (or did not answer). */
export class DownstreamError extends ProcessorError {
  public constructor(
    message: string,
    /** AWS error code, e.g. ThrottlingException, or a Node network code. */
    public readonly code: string,
    /** Whether another attempt may succeed (throttling, 5xx, timeouts, network). */
    public readonly retryable: boolean,
    options?: { cause?: unknown; httpStatus?: number },
  ) {
    super(message, options);
    this.httpStatus = options?.httpStatus;
  }

  public readonly httpStatus: number | undefined;
}

/**
 * The handler fails the whole batch on purpose (Lambda then retries all of it): some
 * record could not be delivered or quarantined and cannot be named in a partial
 * batch response, or the event itself is unusable.
 */
export class BatchFailedError extends ProcessorError {}
