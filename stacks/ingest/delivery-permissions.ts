import type { PolicyStatement } from '../iam/policy-document';

/**
 * What a Firehose role needs to write objects under some prefixes of a
 * KMS-encrypted bucket (the Firehose S3 destination permissions, scoped).
 */
export function deliveryBucketStatements(
  bucketArn: string,
  prefixes: readonly string[],
  keyArn: string,
  region: string,
): PolicyStatement[] {
  return [
    { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: bucketArn },
    {
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      Resource: prefixes.map((p) => `${bucketArn}/${p}*`),
    },
    {
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
  ];
}
