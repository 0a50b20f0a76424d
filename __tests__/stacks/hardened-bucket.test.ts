import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Testing } from 'cdktf';
import { HardenedBucket, type HardenedBucketProps } from '../../stacks/storage/hardened-bucket';
import { statementsOf } from './factories';

const LOG_BUCKET = 'example-logs-111111111111-us-east-1';
const baseProps: HardenedBucketProps = {
  bucketName: 'example-raw-111111111111-us-east-1',
  kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/abc',
  noncurrentVersionExpirationDays: 7,
};

/** The bucket under test, logging to a log bucket in the same scope unless `logged` is false. */
function synthBucket(props: Partial<HardenedBucketProps> = {}, logged = true): string {
  return Testing.synthScope((scope) => {
    const logs = logged ? new HardenedBucket(scope, 'logs', { ...baseProps, bucketName: LOG_BUCKET }) : undefined;
    new HardenedBucket(scope, 'bucket', { ...baseProps, ...(logs ? { accessLogBucket: logs } : {}), ...props });
  });
}

describe('Construct: HardenedBucket', () => {
  it('encrypts with the KMS key and bucket keys', () => {
    // Act
    const synthesized = synthBucket();

    // Assess
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: baseProps.kmsKeyArn },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it('blocks public access, enforces bucket-owner ownership and versions objects', () => {
    // Act
    const synthesized = synthBucket();

    // Assess
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: baseProps.bucketName, force_destroy: false });
  });

  it('denies every request that is not TLS', () => {
    // Act
    const synthesized = JSON.parse(synthBucket({}, false)) as { resource: { aws_s3_bucket_policy: Record<string, { policy: string }> } };

    // Assess
    const [policy] = Object.values(synthesized.resource.aws_s3_bucket_policy);
    expect(statementsOf(policy.policy)).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${baseProps.bucketName}`, `arn:aws:s3:::${baseProps.bucketName}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('sends access logs to the log bucket under its own name', () => {
    // Act
    const synthesized = synthBucket();

    // Assess
    expect(synthesized).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: LOG_BUCKET,
      target_prefix: `${baseProps.bucketName}/`,
    });
  });

  it('creates the logging configuration only after the log bucket and its policy exist', () => {
    // Act
    const synthesized = synthBucket();

    // Assess: S3 rejects a logging target that does not exist yet; the name alone orders nothing.
    expect(synthesized).toHaveResourceWithProperties(S3BucketLoggingA, {
      depends_on: [expect.stringMatching(/^aws_s3_bucket\.logs_bucket_/), expect.stringMatching(/^aws_s3_bucket_policy\.logs_policy_/)],
    });
  });

  it('has no access logging when it is the log bucket', () => {
    // Act
    const synthesized = synthBucket({}, false);

    // Assess
    expect(synthesized).not.toHaveResource(S3BucketLoggingA);
  });

  it('aborts uploads, expires old versions and delete markers, and archives per prefix', () => {
    // Act
    const synthesized = synthBucket({ lifecycle: [{ id: 'a-archive', prefix: 'a/', glacierAfterDays: 30, expireAfterDays: 365 }] });

    // Assess
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      transition_default_minimum_object_size: 'varies_by_storage_class',
      rule: [
        {
          id: 'cleanup',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          noncurrent_version_expiration: [{ noncurrent_days: 7 }],
          expiration: [{ expired_object_delete_marker: true }],
        },
        {
          id: 'a-archive',
          status: 'Enabled',
          filter: [{ prefix: 'a/' }],
          transition: [{ days: 30, storage_class: 'GLACIER' }],
          expiration: [{ days: 365 }],
        },
      ],
    });
  });

  it.each([
    [{ bucketName: 'Bad_Name' }, "HardenedBucket[bucket].bucketName: 'Bad_Name'; expected 3-63 lower-case letters, digits, dots or dashes"],
    [
      { noncurrentVersionExpirationDays: 0 },
      'HardenedBucket[bucket].noncurrentVersionExpirationDays: 0; expected a positive whole number of days',
    ],
    [
      { lifecycle: [{ id: 'x', prefix: 'x/', glacierAfterDays: 30, expireAfterDays: 30 }] },
      'HardenedBucket[bucket].lifecycle[x].expireAfterDays: 30; expected more than glacierAfterDays (30)',
    ],
    [
      { lifecycle: [{ id: 'x', prefix: 'x/', glacierAfterDays: 30, expireAfterDays: 60 }] },
      'HardenedBucket[bucket].lifecycle[x].expireAfterDays: 60, 30 days after the Glacier transition; expected at least 90 (Glacier minimum storage duration)',
    ],
    [
      { lifecycle: [{ id: 'cleanup', prefix: 'x/' }] },
      "HardenedBucket[bucket].lifecycle[cleanup].id: 'cleanup' is used twice (or is a built-in rule id); expected a unique id",
    ],
  ])('rejects invalid props %#', (props, message) => {
    // Act / Assess
    expect(() => synthBucket(props)).toThrow(message);
  });
});
