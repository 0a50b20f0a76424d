import { awsErrorSummary } from '../aws/error-summary';
import { ExitCode } from '../cli/exit-codes';
import type { SendTotals, StreamUnavailable } from './kinesis-batch-sender';

/**
 * Base of every error the producers throw, so callers can tell ours from the SDK's. Its
 * message is meant for the user; `exitCode` is the project-wide code (cli/exit-codes.ts)
 * that the CLI error boundary (`runCli`) ends with, printing the message as one line:
 * 1 for a runtime failure (the default), 2 for a wrong option.
 */
export class ProducerError extends Error {
  readonly exitCode: ExitCode = ExitCode.Failure;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option (CLI flag or library prop) is out of range or inconsistent with another (exit 2). */
export class InvalidProducerOptionError extends ProducerError {
  override readonly exitCode: ExitCode = ExitCode.Usage;

  constructor(
    readonly option: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${option}: ${message}`, options);
  }
}

/** A record larger than Kinesis (and Firehose downstream) accept; it is never sent. */
export class RecordTooLargeError extends ProducerError {
  constructor(
    readonly recordId: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(`record '${recordId}' is ${sizeBytes} bytes (data + partition key); expected at most ${limitBytes} bytes per Kinesis record`);
  }
}

/** A partition key Kinesis would reject (empty or longer than 256 characters). */
export class InvalidPartitionKeyError extends ProducerError {
  constructor(
    readonly recordId: string,
    readonly partitionKey: string,
  ) {
    super(`record '${recordId}' has partition key of ${partitionKey.length} characters; expected 1 to 256 characters`);
  }
}

/** `add` after `close`: records would silently be dropped otherwise. */
export class SenderClosedError extends ProducerError {
  constructor() {
    super('the sender is closed; no more records can be added');
  }
}

/** A turbine app died or reported an error; its records may be partly sent. */
export class TurbineAppError extends ProducerError {
  constructor(
    readonly turbineId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`turbine ${turbineId}: ${message}`, options);
  }
}

/** What a run that gave up on its stream had done: the figures the error's line reports. */
export interface StoppedRun {
  readonly streamName: string;
  /** Records the run was to send. */
  readonly planned: number;
  readonly totals: Pick<SendTotals, 'added' | 'sent' | 'failed'>;
}

/** A stream is given up on: `produce` stops, prints its totals, and exits 1 with this line. */
export class StreamUnavailableError extends ProducerError {
  constructor(
    readonly run: StoppedRun,
    readonly unavailable: StreamUnavailable,
  ) {
    const cause = awsErrorSummary(Object.assign(new Error(unavailable.errorMessage), { name: unavailable.errorCode || 'Error' }));
    const { streamName, planned, totals } = run;
    super(
      `stream ${streamName} did not accept a single record of a batch after ${unavailable.attempts} attempt${unavailable.attempts === 1 ? '' : 's'}: ${cause.replace(/\.$/, '')}. ` +
        `Stopped: sent ${totals.sent} of ${planned} records, ${totals.failed} failed, ${planned - totals.added} not generated.`,
    );
  }
}
