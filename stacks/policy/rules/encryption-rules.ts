import { perResource, type PolicyRule } from '../policy-rule';
import { block, blocks, isTrue } from '../terraform-model';

/** Data at rest is encrypted with a key we control, everywhere it can be. */

export const s3Encryption = perResource(
  'S3-ENCRYPTION',
  'S3 buckets have a server-side encryption configuration',
  'aws_s3_bucket',
  (bucket, model) => {
    if (blocks(bucket.attrs, 'server_side_encryption_configuration').length > 0) return null;
    const configs = model.attachedTo(bucket, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
    return configs.length > 0
      ? null
      : 'bucket has no aws_s3_bucket_server_side_encryption_configuration; add one with SSE-KMS and a bucket key';
  },
);

export const kinesisEncryption = perResource('KINESIS-ENCRYPTION', 'Kinesis streams use KMS encryption', 'aws_kinesis_stream', (stream) =>
  stream.attrs.encryption_type === 'KMS' ? null : "stream is not encrypted; set encryption_type = 'KMS' and a kms_key_id",
);

export const firehoseEncryption = perResource(
  'FIREHOSE-ENCRYPTION',
  'DirectPut Firehose delivery streams have server-side encryption (Kinesis-sourced ones are exempt: AWS rejects SSE there)',
  'aws_kinesis_firehose_delivery_stream',
  (stream) => {
    // AWS rejects delivery-stream SSE when the source is a Kinesis stream; the
    // stream's own KMS encryption and the destination's key protect the data.
    if (block(stream.attrs, 'kinesis_source_configuration')) return null;
    return isTrue(block(stream.attrs, 'server_side_encryption')?.enabled)
      ? null
      : 'DirectPut delivery stream without server_side_encryption { enabled = true }';
  },
);

export const snsEncryption = perResource('SNS-ENCRYPTION', 'SNS topics are KMS-encrypted', 'aws_sns_topic', (topic) =>
  typeof topic.attrs.kms_master_key_id === 'string' && topic.attrs.kms_master_key_id !== '' ? null : 'topic has no kms_master_key_id',
);

export const sqsEncryption = perResource('SQS-ENCRYPTION', 'SQS queues are encrypted (KMS or SQS-managed SSE)', 'aws_sqs_queue', (queue) =>
  typeof queue.attrs.kms_master_key_id === 'string' || isTrue(queue.attrs.sqs_managed_sse_enabled)
    ? null
    : 'queue has neither kms_master_key_id nor sqs_managed_sse_enabled = true',
);

export const logGroupEncryption = perResource(
  'LOGS-ENCRYPTION',
  'CloudWatch log groups are encrypted with a KMS key',
  'aws_cloudwatch_log_group',
  (group) =>
    typeof group.attrs.kms_key_id === 'string' && group.attrs.kms_key_id !== ''
      ? null
      : 'log group has no kms_key_id (the key policy must admit logs.<region>.amazonaws.com)',
);

export const openSearchEncryption = perResource(
  'OPENSEARCH-ENCRYPTION',
  'OpenSearch domains encrypt at rest and node to node',
  'aws_opensearch_domain',
  (domain) => {
    const missing: string[] = [];
    if (!isTrue(block(domain.attrs, 'encrypt_at_rest')?.enabled)) missing.push('encrypt_at_rest');
    if (!isTrue(block(domain.attrs, 'node_to_node_encryption')?.enabled)) missing.push('node_to_node_encryption');
    return missing.length === 0 ? null : `domain without ${missing.join(' and ')} enabled`;
  },
);

export const kmsRotation = perResource('KMS-ROTATION', 'Symmetric KMS keys rotate yearly', 'aws_kms_key', (key) => {
  const spec = key.attrs.customer_master_key_spec;
  // Only symmetric encryption keys support automatic rotation.
  if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return null;
  return isTrue(key.attrs.enable_key_rotation) ? null : 'key without enable_key_rotation = true';
});

export const ENCRYPTION_RULES: readonly PolicyRule[] = [
  s3Encryption,
  kinesisEncryption,
  firehoseEncryption,
  snsEncryption,
  sqsEncryption,
  logGroupEncryption,
  openSearchEncryption,
  kmsRotation,
];
