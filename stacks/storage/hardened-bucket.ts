import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { s3BucketArn, s3ObjectsArn } from '../../config/arns';
import { policyDocument, type PolicyStatement } from '../iam/policy-document';
import { PropsCheck } from '../props-error';
import { HARDENED_BUCKET_DEFAULTS } from './hardened-bucket-defaults';

/**
 * The bucket-policy grant that lets S3 server access logging write into a log
 * bucket, scoped to the account and to the buckets that log there. The KMS key of
 * the log bucket must admit the same service (`DataKey.allowS3ServerAccessLogs`).
 */
export function serverAccessLogsDelivery(logBucketName: string, accountId: string, sourceBucketNames: readonly string[]): PolicyStatement {
  return {
    Sid: 'S3ServerAccessLogsDelivery',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: s3ObjectsArn(logBucketName),
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': sourceBucketNames.map((name) => s3BucketArn(name)) },
    },
  };
}

/** A lifecycle rule for data under one prefix. */
export interface PrefixLifecycle {
  /** Rule id, unique in the bucket. */
  readonly id: string;
  /** Key prefix the rule applies to, e.g. `access-logs/`. */
  readonly prefix: string;
  /** Move current versions to Glacier Flexible Retrieval after this many days. @default never */
  readonly glacierAfterDays?: number;
  /** Expire current versions after this many days. @default never */
  readonly expireAfterDays?: number;
}

export interface HardenedBucketProps {
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  /**
   * Bucket that receives this bucket's server access logs (under `<bucketName>/`). The
   * logging configuration waits for it and its policy: S3 rejects a target bucket that
   * does not exist yet. Only the log bucket itself has none. @default no access logging
   */
  readonly accessLogBucket?: HardenedBucket;
  /** Delete all non-current versions after this many days. */
  readonly noncurrentVersionExpirationDays: number;
  /** Incomplete multipart uploads are aborted after this many days. @default 7 (HARDENED_BUCKET_DEFAULTS) */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** Per-prefix transitions/expirations. @default none */
  readonly lifecycle?: readonly PrefixLifecycle[];
  /** Expire every current object after this many days (whole bucket). @default never */
  readonly expireAllAfterDays?: number;
  /** Statements added to the bucket policy after the TLS-only deny. @default none */
  readonly extraPolicyStatements?: readonly PolicyStatement[];
  /** Delete the objects on destroy. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket hardened the same way everywhere: SSE-KMS with bucket keys, block
 * public access, BucketOwnerEnforced, versioning, TLS-only policy, access logging,
 * aborted multipart uploads, and non-current-version / delete-marker cleanup.
 */
export class HardenedBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly policy: S3BucketPolicy;
  public readonly lifecycle: S3BucketLifecycleConfiguration;
  public readonly logging?: S3BucketLoggingA;
  /** `arn:aws:s3:::name`, known at synth (no token) so policies stay readable. */
  public readonly arn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    HardenedBucket.validate(id, props);
    this.name = props.bucketName;
    this.arn = s3BucketArn(props.bucketName);

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? HARDENED_BUCKET_DEFAULTS.forceDestroy,
    });
    const bucketId = this.bucket.id;

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket: bucketId, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });

    const statements: PolicyStatement[] = [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [this.arn, `${this.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...(props.extraPolicyStatements ?? []),
    ];
    this.policy = new S3BucketPolicy(this, 'policy', { bucket: bucketId, policy: policyDocument(statements) });

    if (props.accessLogBucket !== undefined) {
      this.logging = new S3BucketLoggingA(this, 'logging', {
        bucket: bucketId,
        targetBucket: props.accessLogBucket.name,
        targetPrefix: `${props.bucketName}/`,
        dependsOn: [props.accessLogBucket.bucket, props.accessLogBucket.policy],
      });
    }

    const abortDays = props.abortIncompleteMultipartUploadDays ?? HARDENED_BUCKET_DEFAULTS.abortIncompleteMultipartUploadDays;
    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: 'cleanup',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
        // Expiration on a versioned bucket only adds delete markers: remove the old versions and the orphaned markers too.
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
        // S3 refuses ExpiredObjectDeleteMarker together with Days in one rule, so whole-bucket expiry is its own rule.
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
      ...(props.expireAllAfterDays !== undefined
        ? [{ id: 'expire-all', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.expireAllAfterDays }] }]
        : []),
      ...(props.lifecycle ?? []).map((rule): S3BucketLifecycleConfigurationRule => ({
        id: rule.id,
        status: 'Enabled',
        filter: [{ prefix: rule.prefix }],
        ...(rule.glacierAfterDays !== undefined ? { transition: [{ days: rule.glacierAfterDays, storageClass: 'GLACIER' }] } : {}),
        ...(rule.expireAfterDays !== undefined ? { expiration: [{ days: rule.expireAfterDays }] } : {}),
      })),
    ];
    this.lifecycle = new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucketId,
      rule: rules,
      // Firehose writes objects far below 128 KB on quiet days; with the default
      // ('all_storage_classes_128K') they would never transition.
      transitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      dependsOn: [versioning],
    });
  }

  private static validate(id: string, props: HardenedBucketProps): void {
    const check = new PropsCheck(`HardenedBucket[${id}]`);
    check.expect(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName),
      'bucketName',
      `'${props.bucketName}'; expected 3-63 lower-case letters, digits, dots or dashes`,
    );
    const positive = (name: string, value: number | undefined): void => {
      if (value !== undefined)
        check.expect(Number.isInteger(value) && value >= 1, name, `${value}; expected a positive whole number of days`);
    };
    positive('noncurrentVersionExpirationDays', props.noncurrentVersionExpirationDays);
    positive('abortIncompleteMultipartUploadDays', props.abortIncompleteMultipartUploadDays);
    positive('expireAllAfterDays', props.expireAllAfterDays);
    const ids = new Set<string>(['cleanup', 'expire-all']);
    for (const rule of props.lifecycle ?? []) {
      const where = `lifecycle[${rule.id}]`;
      positive(`${where}.glacierAfterDays`, rule.glacierAfterDays);
      positive(`${where}.expireAfterDays`, rule.expireAfterDays);
      check.expect(!ids.has(rule.id), `${where}.id`, `'${rule.id}' is used twice (or is a built-in rule id); expected a unique id`);
      ids.add(rule.id);
      if (rule.glacierAfterDays === undefined || rule.expireAfterDays === undefined) continue;
      if (rule.expireAfterDays <= rule.glacierAfterDays) {
        check.add(`${where}.expireAfterDays`, `${rule.expireAfterDays}; expected more than glacierAfterDays (${rule.glacierAfterDays})`);
      } else {
        // Glacier Flexible Retrieval bills a 90-day minimum; expiring sooner pays for days never stored.
        check.expect(
          rule.expireAfterDays - rule.glacierAfterDays >= 90,
          `${where}.expireAfterDays`,
          `${rule.expireAfterDays}, ${rule.expireAfterDays - rule.glacierAfterDays} days after the Glacier transition; expected at least 90 (Glacier minimum storage duration)`,
        );
      }
    }
    check.throwIfAny();
  }
}
