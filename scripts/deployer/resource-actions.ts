/**
 * For every Terraform type the stacks synthesize: the AWS service and the IAM action
 * patterns the deploying principal needs to create, read, update, tag and delete it.
 * Patterns, not a least-privilege policy: they name no resource. A type missing here
 * fails `npm run deployer:permissions` (and its test), so a new resource type cannot
 * slip into the stacks without its line.
 */
export interface TypeActions {
  /** IAM service prefix. */
  readonly service: string;
  readonly actions: readonly string[];
}

export const SERVICE_NAMES: Readonly<Record<string, string>> = {
  athena: 'Amazon Athena',
  cloudwatch: 'Amazon CloudWatch',
  es: 'Amazon OpenSearch Service',
  firehose: 'Amazon Data Firehose',
  glue: 'AWS Glue',
  iam: 'AWS IAM',
  kinesis: 'Amazon Kinesis Data Streams',
  kms: 'AWS KMS',
  lambda: 'AWS Lambda',
  logs: 'Amazon CloudWatch Logs',
  quicksight: 'Amazon QuickSight',
  s3: 'Amazon S3',
  secretsmanager: 'AWS Secrets Manager',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
};

const s3 = (...actions: string[]): TypeActions => ({ service: 's3', actions });

export const RESOURCE_ACTIONS: Readonly<Record<string, TypeActions>> = {
  aws_athena_workgroup: {
    service: 'athena',
    actions: ['athena:*WorkGroup*', 'athena:TagResource', 'athena:UntagResource', 'athena:ListTagsForResource'],
  },
  aws_athena_named_query: { service: 'athena', actions: ['athena:*NamedQuer*'] },
  aws_cloudwatch_dashboard: { service: 'cloudwatch', actions: ['cloudwatch:*Dashboard*'] },
  aws_cloudwatch_metric_alarm: {
    service: 'cloudwatch',
    actions: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'cloudwatch:ListTagsForResource',
    ],
  },
  aws_cloudwatch_log_group: {
    service: 'logs',
    actions: [
      'logs:*LogGroup*',
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
      'logs:TagResource',
      'logs:UntagResource',
      'logs:ListTagsForResource',
    ],
  },
  aws_cloudwatch_log_stream: { service: 'logs', actions: ['logs:*LogStream*'] },
  aws_cloudwatch_log_resource_policy: { service: 'logs', actions: ['logs:*ResourcePolic*'] },
  aws_glue_catalog_database: { service: 'glue', actions: ['glue:*Database*', 'glue:GetTags', 'glue:TagResource', 'glue:UntagResource'] },
  aws_glue_catalog_table: { service: 'glue', actions: ['glue:*Table*', 'glue:GetPartitions'] },
  aws_glue_crawler: { service: 'glue', actions: ['glue:*Crawler*', 'glue:GetTags', 'glue:TagResource', 'glue:UntagResource'] },
  aws_glue_job: { service: 'glue', actions: ['glue:*Job', 'glue:GetJobs', 'glue:GetTags', 'glue:TagResource', 'glue:UntagResource'] },
  aws_glue_security_configuration: { service: 'glue', actions: ['glue:*SecurityConfiguration*'] },
  aws_glue_trigger: { service: 'glue', actions: ['glue:*Trigger*', 'glue:GetTags', 'glue:TagResource', 'glue:UntagResource'] },
  aws_iam_openid_connect_provider: { service: 'iam', actions: ['iam:*OpenIDConnectProvider*'] },
  aws_iam_role: {
    service: 'iam',
    actions: [
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:GetRole',
      'iam:UpdateRole*',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:ListRolePolicies',
      'iam:ListAttachedRolePolicies',
      'iam:ListInstanceProfilesForRole',
      'iam:PassRole',
    ],
  },
  aws_iam_role_policy: { service: 'iam', actions: ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'] },
  aws_iam_role_policy_attachment: { service: 'iam', actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] },
  aws_kinesis_firehose_delivery_stream: { service: 'firehose', actions: ['firehose:*DeliveryStream*', 'firehose:UpdateDestination'] },
  aws_kinesis_stream: {
    service: 'kinesis',
    actions: [
      'kinesis:*Stream',
      'kinesis:*StreamEncryption',
      'kinesis:*StreamRetentionPeriod',
      'kinesis:DescribeStreamSummary',
      'kinesis:*TagsForStream',
      'kinesis:*TagsToStream',
      'kinesis:*TagsFromStream',
      'kinesis:UpdateShardCount',
      'kinesis:UpdateStreamMode',
      'kinesis:UpdateMaxRecordSize',
      'kinesis:*StreamWarmThroughput',
      'kinesis:EnableEnhancedMonitoring',
      'kinesis:DisableEnhancedMonitoring',
    ],
  },
  aws_kinesis_stream_consumer: { service: 'kinesis', actions: ['kinesis:*StreamConsumer*'] },
  aws_kms_alias: { service: 'kms', actions: ['kms:*Alias', 'kms:ListAliases'] },
  aws_kms_key: {
    service: 'kms',
    actions: [
      'kms:CreateKey',
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:PutKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:EnableKeyRotation',
      'kms:ListResourceTags',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:ScheduleKeyDeletion',
    ],
  },
  aws_lambda_event_source_mapping: { service: 'lambda', actions: ['lambda:*EventSourceMapping*'] },
  aws_lambda_function: {
    service: 'lambda',
    actions: ['lambda:*Function*', 'lambda:ListVersionsByFunction', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags'],
  },
  aws_opensearch_domain: { service: 'es', actions: ['es:*Domain', 'es:*DomainConfig', 'es:AddTags', 'es:RemoveTags', 'es:ListTags'] },
  aws_opensearch_domain_policy: { service: 'es', actions: ['es:UpdateDomainConfig', 'es:DescribeDomainConfig'] },
  aws_quicksight_dashboard: { service: 'quicksight', actions: ['quicksight:*Dashboard*'] },
  aws_quicksight_data_set: { service: 'quicksight', actions: ['quicksight:*DataSet*', 'quicksight:PassDataSource'] },
  aws_quicksight_data_source: { service: 'quicksight', actions: ['quicksight:*DataSource*'] },
  aws_s3_bucket: s3('s3:CreateBucket', 's3:DeleteBucket', 's3:ListBucket', 's3:GetBucket*', 's3:Get*Configuration', 's3:PutBucketTagging'),
  aws_s3_bucket_lifecycle_configuration: s3('s3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration'),
  aws_s3_bucket_logging: s3('s3:PutBucketLogging', 's3:GetBucketLogging'),
  aws_s3_bucket_metric: s3('s3:PutMetricsConfiguration', 's3:GetMetricsConfiguration'),
  aws_s3_bucket_ownership_controls: s3('s3:PutBucketOwnershipControls', 's3:GetBucketOwnershipControls'),
  aws_s3_bucket_policy: s3('s3:PutBucketPolicy', 's3:GetBucketPolicy', 's3:DeleteBucketPolicy'),
  aws_s3_bucket_public_access_block: s3('s3:PutBucketPublicAccessBlock', 's3:GetBucketPublicAccessBlock'),
  aws_s3_bucket_server_side_encryption_configuration: s3('s3:PutEncryptionConfiguration', 's3:GetEncryptionConfiguration'),
  aws_s3_bucket_versioning: s3('s3:PutBucketVersioning', 's3:GetBucketVersioning'),
  aws_s3_object: s3('s3:PutObject', 's3:GetObject*', 's3:DeleteObject*'),
  aws_secretsmanager_secret: {
    service: 'secretsmanager',
    actions: [
      'secretsmanager:CreateSecret',
      'secretsmanager:DeleteSecret',
      'secretsmanager:DescribeSecret',
      'secretsmanager:UpdateSecret',
      'secretsmanager:GetResourcePolicy',
      'secretsmanager:TagResource',
      'secretsmanager:UntagResource',
    ],
  },
  aws_secretsmanager_secret_version: {
    service: 'secretsmanager',
    actions: [
      'secretsmanager:PutSecretValue',
      'secretsmanager:GetSecretValue',
      'secretsmanager:ListSecretVersionIds',
      'secretsmanager:UpdateSecretVersionStage',
    ],
  },
  aws_sns_topic: {
    service: 'sns',
    actions: [
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:GetTopicAttributes',
      'sns:SetTopicAttributes',
      'sns:ListTagsForResource',
      'sns:TagResource',
      'sns:UntagResource',
    ],
  },
  aws_sns_topic_policy: { service: 'sns', actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes'] },
  aws_sns_topic_subscription: {
    service: 'sns',
    actions: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
  },
  aws_sqs_queue: {
    service: 'sqs',
    actions: [
      'sqs:CreateQueue',
      'sqs:DeleteQueue',
      'sqs:GetQueueAttributes',
      'sqs:SetQueueAttributes',
      'sqs:ListQueueTags',
      'sqs:TagQueue',
      'sqs:UntagQueue',
    ],
  },
};

/** Data sources read at plan time. */
export const DATA_SOURCE_ACTIONS: Readonly<Record<string, TypeActions>> = {
  aws_secretsmanager_random_password: { service: 'secretsmanager', actions: ['secretsmanager:GetRandomPassword'] },
  aws_caller_identity: { service: 'sts', actions: ['sts:GetCallerIdentity'] },
};
