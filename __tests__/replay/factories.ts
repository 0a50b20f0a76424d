/** One Kinesis record of an on-failure invocation record, as the event source mapping writes it. */
export interface FailedKinesisRecord {
  readonly data: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
}

/** An on-failure invocation record (what the mapping's S3 destination holds) of records of logtel-dev-access-logs. */
export function onFailureRecord(records: readonly FailedKinesisRecord[], condition = 'RetryAttemptsExhausted'): Record<string, unknown> {
  return {
    requestContext: { condition },
    KinesisBatchInfo: { streamArn: 'arn:aws:kinesis:us-east-1:111111111111:stream/logtel-dev-access-logs' },
    payload: JSON.stringify({ Records: records.map((kinesis) => ({ kinesis })) }),
  };
}
