import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { lineBytes } from './line-arena';
import type { FirehoseApi, ObjectStoreApi } from './ports';

/**
 * The processor's ports on AWS SDK v3 clients (the Lambda, and the tests with
 * aws-sdk-client-mock). Build the clients with `awsClientConfig({ maxAttempts: 1 })`:
 * the sinks' bounded retry (failed entries, retryable calls, the invocation deadline)
 * is the only one, so a call is never retried by both. `signal` bounds one attempt by
 * the invocation's remaining time.
 */
export function sdkFirehoseApi(client: FirehoseClient): FirehoseApi {
  return {
    async putRecordBatch(deliveryStreamName, records, signal) {
      const command = new PutRecordBatchCommand({
        DeliveryStreamName: deliveryStreamName,
        Records: records.map((record) => ({ Data: lineBytes(record) })),
      });
      const out = await client.send(command, signal === undefined ? undefined : { abortSignal: signal });
      return { FailedPutCount: out.FailedPutCount ?? 0, RequestResponses: out.RequestResponses ?? [] };
    },
  };
}

export function sdkObjectStoreApi(client: S3Client): ObjectStoreApi {
  return {
    async putObject(bucket, key, body, contentType, signal) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType });
      await client.send(command, signal === undefined ? undefined : { abortSignal: signal });
    },
  };
}
