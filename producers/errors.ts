/** Base of every error the producers throw, so callers can tell ours from the SDK's. */
export class ProducerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProducerError';
  }
}

/** An option (CLI flag or library prop) is out of range or inconsistent with another. */
export class InvalidProducerOptionError extends ProducerError {
  constructor(
    readonly option: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${option}: ${message}`, options);
    this.name = 'InvalidProducerOptionError';
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
    this.name = 'RecordTooLargeError';
  }
}

/** A partition key Kinesis would reject (empty or longer than 256 characters). */
export class InvalidPartitionKeyError extends ProducerError {
  constructor(
    readonly recordId: string,
    readonly partitionKey: string,
  ) {
    super(`record '${recordId}' has partition key of ${partitionKey.length} characters; expected 1 to 256 characters`);
    this.name = 'InvalidPartitionKeyError';
  }
}

/** `add` after `close`: records would silently be dropped otherwise. */
export class SenderClosedError extends ProducerError {
  constructor() {
    super('the sender is closed; no more records can be added');
    this.name = 'SenderClosedError';
  }
}
