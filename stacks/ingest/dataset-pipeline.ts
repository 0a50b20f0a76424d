import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { TerraformAsset, AssetType } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/environment';
import {
  processedDeliveryStreamName,
  processorFunctionName,
  quarantinePrefix,
  rawDeliveryStreamName,
  streamName,
} from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix, metricNamespace, PARTITION_COLUMN, PARTITION_FORMAT_JAVA } from '../../datasets/naming';
import type { PolicyStatement } from '../iam/policy-document';
import { terraformText } from '../terraform-text';
import { ServiceRole } from '../iam/service-role';
import type { PipelineStorage } from '../storage/pipeline-storage';
import { DeliveryLogGroup } from './delivery-log-group';
import type { LambdaBundle } from './lambda-bundle';
import { ProcessedTable } from './processed-table';

export interface DatasetPipelineProps {
  readonly env: EnvironmentConfig;
  readonly dataset: DatasetDeclaration;
  readonly storage: PipelineStorage;
  /** Glue database that holds the processed table. */
  readonly databaseName: string;
  readonly processorBundle: LambdaBundle;
  /** Firehose that indexes into OpenSearch; the processor also puts valid records there. @default none */
  readonly searchDeliveryStream?: { readonly name: string; readonly arn: string };
}

/** Kinesis caps records at 1 MiB; Firehose accepts at most 1,000 KiB, so the stream must not allow more. */
const MAX_RECORD_SIZE_KIB = 1024;
/** Raw delivery: 64 MiB or 5 minutes, whichever first (fewer, larger GZIP objects). */
const RAW_BUFFER = { sizeMb: 64, intervalSeconds: 300 };
/** Parquet conversion needs at least a 64 MiB buffer; 128 MiB gives Athena larger files. */
const PROCESSED_BUFFER = { sizeMb: 128, intervalSeconds: 300 };
const DATE_PARTITION = `${PARTITION_COLUMN}=!{timestamp:${PARTITION_FORMAT_JAVA}}/`;

/**
 * Everything one dataset needs in one environment: the Kinesis stream, the raw
 * Firehose (stream -> newline-delimited GZIP JSON in the raw bucket), the
 * Terraform-owned processed table, the processed Firehose (DirectPut -> Parquet),
 * and the processor Lambda with its event source mapping.
 */
export class DatasetPipeline extends Construct {
  public readonly stream: KinesisStream;
  public readonly rawDeliveryStream: KinesisFirehoseDeliveryStream;
  public readonly processedTable: ProcessedTable;
  public readonly processedDeliveryStream: KinesisFirehoseDeliveryStream;
  public readonly processor: LambdaFunction;
  public readonly processorLogGroup: CloudwatchLogGroup;
  public readonly eventSourceMapping: LambdaEventSourceMapping;
  public readonly deliveryLogs: DeliveryLogGroup;
  public readonly rawDeliveryRole: ServiceRole;
  public readonly processedDeliveryRole: ServiceRole;
  public readonly processorRole: ServiceRole;

  constructor(scope: Construct, id: string, props: DatasetPipelineProps) {
    super(scope, id);
    const { env, dataset, storage } = props;
    const keyArn = storage.dataKey.key.arn;
    const region = env.region;
    const account = env.accountId;
    const retentionHours = env.streamRetentionHours[dataset.name] ?? dataset.retention.streamHours;
    if (retentionHours < 24 || retentionHours > 8760) {
      throw new Error(`DatasetPipeline ${dataset.name}: retention.streamHours must be 24..8760, got ${retentionHours}`);
    }

    // --- Kinesis Data Stream ---
    const kinesisName = streamName(env, dataset);
    this.stream = new KinesisStream(this, 'stream', {
      name: kinesisName,
      retentionPeriod: retentionHours,
      encryptionType: 'KMS',
      kmsKeyId: keyArn,
      maxRecordSizeInKib: MAX_RECORD_SIZE_KIB,
      streamModeDetails: { streamMode: env.stream.mode },
      ...(env.stream.mode === 'PROVISIONED' ? { shardCount: env.stream.shardCount } : {}),
    });
    const streamArn = `arn:aws:kinesis:${region}:${account}:stream/${kinesisName}`;

    // --- Firehose logs ---
    const rawName = rawDeliveryStreamName(env, dataset);
    const processedName = processedDeliveryStreamName(env, dataset);
    this.deliveryLogs = new DeliveryLogGroup(this, 'delivery-logs', {
      name: `/aws/kinesisfirehose/${env.namePrefix}-${dataset.name}`,
      retentionInDays: env.processor.logRetentionDays,
      kmsKeyArn: keyArn,
      streams: ['raw', 'processed'],
    });
    const logStatement: PolicyStatement = { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: this.deliveryLogs.streamsArn };
    const writeBucket = (bucketArn: string, prefixes: readonly string[]): PolicyStatement[] => [
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
    const prefix = datasetPrefix(dataset);
    const errorPrefix = (kind: string): string => `errors/${dataset.name}/${kind}/!{firehose:error-output-type}/${DATE_PARTITION}`;

    // --- Raw delivery stream (Kinesis source) ---
    this.rawDeliveryRole = new ServiceRole(this, 'raw-delivery-role', {
      roleName: `${rawName}-firehose`,
      service: 'firehose.amazonaws.com',
      accountId: account,
      description: `Firehose ${rawName}: read ${kinesisName}, write the raw bucket`,
      statements: [
        {
          Effect: 'Allow',
          Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
          Resource: streamArn,
        },
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': `kinesis.${region}.amazonaws.com` } },
        },
        ...writeBucket(storage.raw.arn, [prefix, `errors/${dataset.name}/`]),
        logStatement,
      ],
    });
    // No server_side_encryption block: AWS rejects delivery-stream SSE when the source
    // is a Kinesis stream. The stream's KMS key and the bucket's SSE-KMS cover it.
    this.rawDeliveryStream = new KinesisFirehoseDeliveryStream(this, 'raw-delivery', {
      name: rawName,
      destination: 'extended_s3',
      kinesisSourceConfiguration: { kinesisStreamArn: this.stream.arn, roleArn: this.rawDeliveryRole.role.arn },
      extendedS3Configuration: {
        roleArn: this.rawDeliveryRole.role.arn,
        bucketArn: storage.raw.arn,
        prefix: `${prefix}${DATE_PARTITION}`,
        errorOutputPrefix: errorPrefix('raw'),
        compressionFormat: 'GZIP',
        fileExtension: '.json.gz',
        kmsKeyArn: keyArn,
        bufferingSize: RAW_BUFFER.sizeMb,
        bufferingInterval: RAW_BUFFER.intervalSeconds,
        // Firehose concatenates records with no delimiter; Athena, the crawler and
        // DuckDB need one JSON object per line.
        processingConfiguration: {
          enabled: true,
          processors: [{ type: 'AppendDelimiterToRecord', parameters: [{ parameterName: 'Delimiter', parameterValue: terraformText('\\n') }] }],
        },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: this.deliveryLogs.logGroup.name, logStreamName: 'raw' },
      },
      dependsOn: [this.rawDeliveryRole.policy],
    });

    // --- Processed table + delivery stream (DirectPut, Parquet) ---
    this.processedTable = new ProcessedTable(this, 'processed-table', {
      dataset,
      databaseName: props.databaseName,
      processedBucketName: storage.processed.name,
    });
    const tableName = this.processedTable.table.name;
    this.processedDeliveryRole = new ServiceRole(this, 'processed-delivery-role', {
      roleName: `${processedName}-firehose`,
      service: 'firehose.amazonaws.com',
      accountId: account,
      description: `Firehose ${processedName}: convert to Parquet with the Glue schema, write the processed bucket`,
      statements: [
        {
          Effect: 'Allow',
          Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          Resource: [
            `arn:aws:glue:${region}:${account}:catalog`,
            `arn:aws:glue:${region}:${account}:database/${props.databaseName}`,
            `arn:aws:glue:${region}:${account}:table/${props.databaseName}/${tableName}`,
          ],
        },
        ...writeBucket(storage.processed.arn, [prefix, `errors/${dataset.name}/`]),
        logStatement,
      ],
    });
    this.processedDeliveryStream = new KinesisFirehoseDeliveryStream(this, 'processed-delivery', {
      name: processedName,
      destination: 'extended_s3',
      // DirectPut accepts delivery-stream SSE (unlike a Kinesis-sourced stream).
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn },
      extendedS3Configuration: {
        roleArn: this.processedDeliveryRole.role.arn,
        bucketArn: storage.processed.arn,
        prefix: `${prefix}${DATE_PARTITION}`,
        errorOutputPrefix: errorPrefix('processed'),
        // Snappy compression happens inside Parquet; S3-level compression must be off.
        compressionFormat: 'UNCOMPRESSED',
        fileExtension: '.parquet',
        kmsKeyArn: keyArn,
        bufferingSize: PROCESSED_BUFFER.sizeMb,
        bufferingInterval: PROCESSED_BUFFER.intervalSeconds,
        dataFormatConversionConfiguration: {
          enabled: true,
          // OpenX reads the processor's ISO-8601 UTC times (yyyy-MM-dd'T'HH:mm:ss.SSS'Z') into
          // timestamp columns ("Convert input data format"); the Hive SerDe would need patterns.
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: false } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            databaseName: props.databaseName,
            tableName,
            roleArn: this.processedDeliveryRole.role.arn,
            region,
            versionId: 'LATEST',
          },
        },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: this.deliveryLogs.logGroup.name, logStreamName: 'processed' },
      },
      // Creation calls Glue: the table and the role's permissions must exist first.
      dependsOn: [this.processedTable.table, this.processedDeliveryRole.policy],
    });

    // --- Processor Lambda ---
    const functionName = processorFunctionName(env, dataset);
    this.processorLogGroup = new CloudwatchLogGroup(this, 'processor-logs', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: env.processor.logRetentionDays,
      kmsKeyId: keyArn,
    });
    const firehoseTargets = [`arn:aws:firehose:${region}:${account}:deliverystream/${processedName}`];
    if (props.searchDeliveryStream) firehoseTargets.push(props.searchDeliveryStream.arn);
    this.processorRole = new ServiceRole(this, 'processor-role', {
      roleName: `${functionName}`,
      service: 'lambda.amazonaws.com',
      accountId: account,
      description: `Lambda ${functionName}: read ${kinesisName}, deliver processed records, quarantine invalid ones`,
      statements: [
        {
          Sid: 'ReadStream',
          Effect: 'Allow',
          Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard'],
          Resource: streamArn,
        },
        { Sid: 'DeliverProcessed', Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: firehoseTargets },
        {
          Sid: 'WriteQuarantineAndFailedBatches',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [`${storage.quarantine.arn}/${quarantinePrefix(dataset)}*`, `${storage.quarantine.arn}/aws/lambda/*`],
        },
        // The on-failure S3 destination checks the bucket with ListBucket before writing.
        { Sid: 'FailureDestinationBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: storage.quarantine.arn },
        {
          Sid: 'UseDataKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: keyArn,
        },
        { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.processorLogGroup.arn}:log-stream:*` },
      ],
    });
    const code = new TerraformAsset(this, 'processor-code', { path: props.processorBundle.zipPath, type: AssetType.FILE });
    const environmentVariables: Record<string, string> = {
      DATASET: dataset.name,
      PROCESSED_DELIVERY_STREAM: processedName,
      QUARANTINE_BUCKET: storage.quarantine.name,
      MAX_FUTURE_SKEW_SECONDS: String(env.processor.maxFutureSkewSeconds),
      POWERTOOLS_METRICS_NAMESPACE: metricNamespace(env.name),
      POWERTOOLS_SERVICE_NAME: 'processor',
    };
    if (props.searchDeliveryStream) environmentVariables.SEARCH_DELIVERY_STREAM = props.searchDeliveryStream.name;
    this.processor = new LambdaFunction(this, 'processor', {
      functionName,
      description: `Validates, enriches and routes ${dataset.name} records`,
      role: this.processorRole.role.arn,
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: props.processorBundle.sourceCodeHash,
      memorySize: env.processor.memoryMb,
      timeout: env.processor.timeoutSeconds,
      kmsKeyArn: keyArn,
      environment: { variables: environmentVariables },
      loggingConfig: { logFormat: 'JSON', logGroup: this.processorLogGroup.name },
      dependsOn: [this.processorLogGroup, this.processorRole.policy],
    });

    this.eventSourceMapping = new LambdaEventSourceMapping(this, 'event-source', {
      eventSourceArn: this.stream.arn,
      functionName: this.processor.arn,
      // Start from the oldest record so nothing produced before the first deploy finished is skipped.
      startingPosition: 'TRIM_HORIZON',
      batchSize: env.processor.batchSize,
      maximumBatchingWindowInSeconds: env.processor.maximumBatchingWindowSeconds,
      parallelizationFactor: env.processor.parallelizationFactor,
      functionResponseTypes: ['ReportBatchItemFailures'],
      bisectBatchOnFunctionError: true,
      // AWS defaults both to -1 (infinite): one poison record would block its shard for the whole retention.
      maximumRetryAttempts: env.processor.maximumRetryAttempts,
      maximumRecordAgeInSeconds: env.processor.maximumRecordAgeSeconds,
      // An S3 destination receives the failed records themselves, not only metadata.
      destinationConfig: { onFailure: { destinationArn: storage.quarantine.arn } },
      dependsOn: [this.processorRole.policy],
    });
  }
}
