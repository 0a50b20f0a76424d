import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { failedDocumentsErrorPrefix, failedDocumentsPrefix } from '../../config/delivery-prefixes';
import { searchDeliveryRoleName } from '../../config/search-names';
import { ServiceRole } from '../iam/service-role';
import { DeliveryLogGroup } from '../ingest/delivery-log-group';
import { checkLogRetention } from '../log-retention';
import { PropsCheck } from '../props-error';
import { SEARCH_DELIVERY_STREAM_DEFAULTS } from './search-delivery-stream-defaults';

export interface SearchDeliveryStreamProps {
  /** `searchDeliveryStreamName(env, dataset)`; the role gets the same name. */
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN of the domain (SearchDomain.domainArn). */
  readonly domainArn: string;
  /** Index base name = dataset name; Firehose appends `-YYYY-MM-DD`. */
  readonly indexName: string;
  /** Bucket receiving the documents OpenSearch rejected (`search-failed/<index>/`). */
  readonly backupBucketArn: string;
  /** Encrypts the stream (DirectPut SSE), the backups and the log group. */
  readonly kmsKeyArn: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Seconds a record may wait for a bulk request. @default 60 */
  readonly bufferingIntervalSeconds?: number;
  /** @default 5 */
  readonly bufferingSizeMb?: number;
  /** Seconds Firehose retries a failed bulk request before backing the documents up. @default 300 */
  readonly retryDurationSeconds?: number;
  /**
   * Created only after these, e.g. the domain's access policy: Firehose checks at
   * creation that its role may write to the domain. @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A DirectPut Firehose the processor puts valid records to, indexing them into
 * daily indices `<dataset>-YYYY-MM-DD` of the domain. Rejected documents go to S3;
 * delivery errors are logged to CloudWatch.
 */
export class SearchDeliveryStream extends Construct {
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: SearchDeliveryStreamProps) {
    super(scope, id);
    const d = SEARCH_DELIVERY_STREAM_DEFAULTS;
    const interval = props.bufferingIntervalSeconds ?? d.bufferingIntervalSeconds;
    const size = props.bufferingSizeMb ?? d.bufferingSizeMb;
    const retry = props.retryDurationSeconds ?? d.retryDurationSeconds;
    const retention = props.logRetentionDays ?? d.logRetentionDays;
    const check = new PropsCheck('SearchDeliveryStream');
    check.expect(interval >= 0 && interval <= 900, 'bufferingIntervalSeconds', `${interval}; expected 0..900`);
    check.expect(size >= 1 && size <= 100, 'bufferingSizeMb', `${size}; expected 1..100`);
    check.expect(retry >= 0 && retry <= 7200, 'retryDurationSeconds', `${retry}; expected 0..7200`);
    checkLogRetention(check, 'logRetentionDays', retention);
    check.expect(
      /^[a-z0-9][a-z0-9_-]*$/.test(props.indexName),
      'indexName',
      `'${props.indexName}'; expected a lower-case OpenSearch index name`,
    );
    check.throwIfAny();

    const logs = new DeliveryLogGroup(this, 'logs', {
      name: `/aws/kinesisfirehose/${props.name}`,
      retentionInDays: retention,
      kmsKeyArn: props.kmsKeyArn,
      streams: ['DestinationDelivery', 'BackupDelivery'],
    });
    this.logGroup = logs.logGroup;

    const backupPrefix = failedDocumentsPrefix(props.indexName);
    const serviceRole = new ServiceRole(this, 'role', {
      roleName: searchDeliveryRoleName(props.name),
      service: 'firehose.amazonaws.com',
      accountId: props.accountId,
      description: `Search Firehose ${props.name}: indexes into the OpenSearch domain, backs failed documents up to S3`,
      statements: [
        {
          Effect: 'Allow',
          Action: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'],
          Resource: [props.domainArn, `${props.domainArn}/*`],
        },
        { Effect: 'Allow', Action: ['es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpGet'], Resource: `${props.domainArn}/*` },
        {
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: props.backupBucketArn,
        },
        {
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Resource: `${props.backupBucketArn}/${backupPrefix}*`,
        },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: props.kmsKeyArn },
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: logs.streamsArn },
      ],
    });
    this.role = serviceRole.role;

    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: props.name,
      destination: 'opensearch',
      // Firehose checks at creation that its role may write to the domain and the bucket.
      dependsOn: [serviceRole.policy, ...(props.dependsOn ?? [])],
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.kmsKeyArn },
      opensearchConfiguration: {
        domainArn: props.domainArn,
        indexName: props.indexName,
        indexRotationPeriod: 'OneDay',
        roleArn: this.role.arn,
        bufferingInterval: interval,
        bufferingSize: size,
        retryDuration: retry,
        s3BackupMode: 'FailedDocumentsOnly',
        s3Configuration: {
          roleArn: this.role.arn,
          bucketArn: props.backupBucketArn,
          prefix: backupPrefix,
          errorOutputPrefix: failedDocumentsErrorPrefix(props.indexName),
          compressionFormat: 'GZIP',
          kmsKeyArn: props.kmsKeyArn,
          cloudwatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.name, logStreamName: 'BackupDelivery' },
        },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.name, logStreamName: 'DestinationDelivery' },
      },
    });
  }
}
