import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KinesisStreamConsumer } from '@cdktf/provider-aws/lib/kinesis-stream-consumer';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { firehoseDeliveryStreamArn, kinesisStreamArn } from '../../config/arns';
import { FAILED_BATCH_PREFIX, quarantinePrefix } from '../../config/delivery-prefixes';
import type { EnvironmentConfig } from '../../config/environment';
import { processorEnvironment } from '../../config/processor-environment';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { metricNamespace } from '../../datasets/naming';
import { ServiceRole } from '../iam/service-role';
import type { LambdaBundle } from './lambda-bundle';

export interface StreamProcessorProps {
  readonly functionName: string;
  readonly env: Pick<EnvironmentConfig, 'name' | 'accountId' | 'region' | 'processor'>;
  readonly dataset: DatasetDeclaration;
  readonly bundle: LambdaBundle;
  /** The Kinesis stream to read: its name is known at synth, its ARN may be a token. */
  readonly stream: { readonly name: string; readonly arn: string };
  readonly keyArn: string;
  /** The processed Firehose the valid records go to. */
  readonly processedDeliveryStreamName: string;
  /** Firehose that indexes into OpenSearch; valid records also go there. @default none */
  readonly searchDeliveryStream?: { readonly name: string; readonly arn: string };
  /** Bucket of invalid records (`invalid/<dataset>/`) and of the mapping's failed batches (`aws/lambda/`, FAILED_BATCH_PREFIX). */
  readonly quarantineBucket: { readonly name: string; readonly arn: string };
  /** The quarantine bucket's resources: the mapping's S3 destination names it by string, so it waits for them. @default none */
  readonly quarantineDependsOn?: readonly ITerraformDependable[];
  /**
   * The delivery streams the processor writes to (processed, search). The function names
   * them by string, so the mapping waits for them: otherwise the first batches would fail
   * to deliver and retry toward the failure destination. @default none
   */
  readonly outputsDependOn?: readonly ITerraformDependable[];
}

/**
 * The processor Lambda of one dataset, its log group and role, and the event source
 * mapping that feeds it from the stream with partial batch responses, bisection,
 * bounded retries and record age, and an S3 destination for what still fails.
 */
export class StreamProcessor extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: ServiceRole;
  public readonly function: LambdaFunction;
  public readonly eventSourceMapping: LambdaEventSourceMapping;
  /** The processor's enhanced fan-out consumer, when `processor.enhancedFanOut`. */
  public readonly consumer?: KinesisStreamConsumer;

  constructor(scope: Construct, id: string, props: StreamProcessorProps) {
    super(scope, id);
    const { env, dataset, keyArn, quarantineBucket } = props;
    const settings = env.processor;
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyId: keyArn,
    });
    const streamArn = kinesisStreamArn(env, props.stream.name);
    if (settings.enhancedFanOut) {
      this.consumer = new KinesisStreamConsumer(this, 'consumer', { name: props.functionName, streamArn: props.stream.arn });
    }
    // The consumer ARN ends in its creation time: match any.
    const consumerArn = `${streamArn}/consumer/${props.functionName}:*`;
    const firehoseTargets = [firehoseDeliveryStreamArn(env, props.processedDeliveryStreamName)];
    if (props.searchDeliveryStream) firehoseTargets.push(props.searchDeliveryStream.arn);
    this.role = new ServiceRole(this, 'role', {
      roleName: props.functionName,
      service: 'lambda.amazonaws.com',
      accountId: env.accountId,
      description: `Lambda ${props.functionName}: read ${props.stream.name}, deliver processed records, quarantine invalid ones`,
      statements: [
        {
          Sid: 'ReadStream',
          Effect: 'Allow',
          Action: [
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:GetRecords',
            'kinesis:GetShardIterator',
            'kinesis:ListShards',
          ],
          Resource: streamArn,
        },
        ...(settings.enhancedFanOut
          ? [
              {
                Sid: 'ReadThroughConsumer',
                Effect: 'Allow' as const,
                Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'],
                Resource: consumerArn,
              },
            ]
          : []),
        { Sid: 'DeliverProcessed', Effect: 'Allow', Action: 'firehose:PutRecordBatch', Resource: firehoseTargets },
        {
          Sid: 'WriteQuarantineAndFailedBatches',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [`${quarantineBucket.arn}/${quarantinePrefix(dataset)}*`, `${quarantineBucket.arn}/${FAILED_BATCH_PREFIX}*`],
        },
        // The on-failure S3 destination checks the bucket with ListBucket before writing.
        { Sid: 'FailureDestinationBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: quarantineBucket.arn },
        { Sid: 'UseDataKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${this.logGroup.arn}:log-stream:*`,
        },
      ],
    });
    const code = new TerraformAsset(this, 'code', { path: props.bundle.zipPath, type: AssetType.FILE });
    // The contract's writer: the processor reads these with its pair, readProcessorEnvironment.
    const variables = processorEnvironment({
      datasetName: dataset.name,
      processedDeliveryStream: props.processedDeliveryStreamName,
      quarantineBucket: quarantineBucket.name,
      maxFutureSkewSeconds: settings.maxFutureSkewSeconds,
      metricsNamespace: metricNamespace(env.name),
      ...(props.searchDeliveryStream ? { searchDeliveryStream: props.searchDeliveryStream.name } : {}),
    });
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: `Validates, enriches and routes ${dataset.name} records`,
      role: this.role.role.arn,
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: props.bundle.sourceCodeHash,
      memorySize: settings.memoryMb,
      timeout: settings.timeoutSeconds,
      kmsKeyArn: keyArn,
      environment: { variables },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup, this.role.policy],
    });
    this.eventSourceMapping = new LambdaEventSourceMapping(this, 'event-source', {
      eventSourceArn: this.consumer?.arn ?? props.stream.arn,
      functionName: this.function.arn,
      // Start from the oldest record so nothing produced before the first deploy finished is skipped.
      startingPosition: 'TRIM_HORIZON',
      batchSize: settings.batchSize,
      maximumBatchingWindowInSeconds: settings.maximumBatchingWindowSeconds,
      parallelizationFactor: settings.parallelizationFactor,
      functionResponseTypes: ['ReportBatchItemFailures'],
      bisectBatchOnFunctionError: true,
      // AWS defaults both to -1 (infinite): one poison record would block its shard for the whole retention.
      maximumRetryAttempts: settings.maximumRetryAttempts,
      maximumRecordAgeInSeconds: settings.maximumRecordAgeSeconds,
      // An S3 destination receives the failed records themselves, not only metadata.
      destinationConfig: { onFailure: { destinationArn: quarantineBucket.arn } },
      dependsOn: [this.role.policy, ...(props.quarantineDependsOn ?? []), ...(props.outputsDependOn ?? [])],
    });
  }
}
