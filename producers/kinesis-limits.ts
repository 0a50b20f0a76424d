/**
 * PutRecords limits. Kinesis can be configured for records up to 10 MiB, but this
 * pipeline keeps 1 MiB because Firehose, which reads the same streams, caps a
 * record at 1,000 KiB.
 */
export const KINESIS_LIMITS = {
  maxRecordsPerRequest: 500,
  /** Whole request, data + partition keys. */
  maxBytesPerRequest: 5 * 1024 * 1024,
  /** One record, data + partition key. */
  maxRecordBytes: 1024 * 1024,
  maxPartitionKeyLength: 256,
} as const;
