import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { lineBytes } from './line-arena';
import type { FirehoseApi, ObjectStoreApi } from './ports';

/**
 * The processor's ports on AWS SDK v3 clients: for tests (aws-sdk-client-mock)
 * and for callers whose bundle size does not matter (the local run). The Lambda
 * handler uses the signed HTTP implementations instead (bundle budget).
 * Create the clients with `maxAttempts: 1`: the sinks' bounded retry is the only one.
 */
export function sdkFirehoseApi(client: FirehoseClient): FirehoseApi {
  return {
    async putRecordBatch(deliveryStreamName, records) {
      const out = await client.send(
        new PutRecordBatchCommand({ DeliveryStreamName: deliveryStreamName, Records: records.map((record) => ({ Data: lineBytes(record) })) }),
      );
      return { FailedPutCount: out.FailedPutCount ?? 0, RequestResponses: out.RequestResponses ?? [] };
    },
  };
}

export function sdkObjectStoreApi(client: S3Client): ObjectStoreApi {
  return {
    async putObject(bucket, key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
  };
}
