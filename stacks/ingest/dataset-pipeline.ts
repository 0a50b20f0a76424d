import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/environment';
import { processedDeliveryStreamName, processorFunctionName, rawDeliveryStreamName, streamName } from '../../config/resource-names';
import type { DatasetDeclaration } from '../../datasets/dataset';
import type { PipelineStorage } from '../storage/pipeline-storage';
import { DeliveryLogGroup } from './delivery-log-group';
import type { LambdaBundle } from './lambda-bundle';
import { ProcessedDelivery } from './processed-delivery';
import { RawDelivery } from './raw-delivery';
import { StreamProcessor } from './stream-processor';
import { PropsCheck } from '../props-error';

export interface DatasetPipelineProps {
  readonly env: EnvironmentConfig;
  readonly dataset: DatasetDeclaration;
  readonly storage: PipelineStorage;
  /** Glue database that holds the processed table. */
  readonly databaseName: string;
  readonly processorBundle: LambdaBundle;
  /**
   * Firehose that indexes into OpenSearch; the processor also puts valid records there, and
   * its mapping waits for `resource`. @default none
   */
  readonly searchDeliveryStream?: { readonly name: string; readonly arn: string; readonly resource?: ITerraformDependable };
}

/** Kinesis caps records at 1 MiB; Firehose accepts at most 1,000 KiB, so the stream must not allow more. */
const MAX_RECORD_SIZE_KIB = 1024;

/**
 * Everything one dataset needs in one environment: the Kinesis stream, the raw
 * delivery (stream -> newline-delimited GZIP JSON), the processed delivery
 * (Terraform-owned table + DirectPut Firehose -> Parquet), and the stream processor.
 */
export class DatasetPipeline extends Construct {
  public readonly stream: KinesisStream;
  public readonly deliveryLogs: DeliveryLogGroup;
  public readonly raw: RawDelivery;
  public readonly processed: ProcessedDelivery;
  public readonly processor: StreamProcessor;

  constructor(scope: Construct, id: string, props: DatasetPipelineProps) {
    super(scope, id);
    const { env, dataset, storage } = props;
    const keyArn = storage.dataKey.key.arn;
    const retentionHours = env.streamRetentionHours[dataset.name] ?? dataset.retention.streamHours;
    new PropsCheck(`DatasetPipeline[${dataset.name}]`)
      .expect(
        Number.isInteger(retentionHours) && retentionHours >= 24 && retentionHours <= 8760,
        'retention.streamHours',
        `${retentionHours}; expected a whole number from 24 to 8760`,
      )
      .throwIfAny();

    const name = streamName(env, dataset);
    this.stream = new KinesisStream(this, 'stream', {
      name,
      retentionPeriod: retentionHours,
      encryptionType: 'KMS',
      kmsKeyId: keyArn,
      maxRecordSizeInKib: MAX_RECORD_SIZE_KIB,
      streamModeDetails: { streamMode: env.stream.mode },
      ...(env.stream.mode === 'PROVISIONED' ? { shardCount: env.stream.shardCount } : {}),
    });
    const stream = { name, arn: this.stream.arn };

    this.deliveryLogs = new DeliveryLogGroup(this, 'delivery-logs', {
      name: `/aws/kinesisfirehose/${env.namePrefix}-${dataset.name}`,
      retentionInDays: env.processor.logRetentionDays,
      kmsKeyArn: keyArn,
      streams: ['raw', 'processed'],
    });
    const common = { dataset, accountId: env.accountId, region: env.region, keyArn, logs: this.deliveryLogs };
    this.raw = new RawDelivery(this, 'raw', {
      ...common,
      name: rawDeliveryStreamName(env, dataset),
      stream,
      rawBucketArn: storage.raw.arn,
      bucketDependsOn: [storage.raw.bucket, storage.raw.policy],
    });
    this.processed = new ProcessedDelivery(this, 'processed', {
      ...common,
      name: processedDeliveryStreamName(env, dataset),
      databaseName: props.databaseName,
      processedBucketName: storage.processed.name,
      processedBucketArn: storage.processed.arn,
      bucketDependsOn: [storage.processed.bucket, storage.processed.policy],
    });
    this.processor = new StreamProcessor(this, 'processor', {
      functionName: processorFunctionName(env, dataset),
      env,
      dataset,
      bundle: props.processorBundle,
      stream,
      keyArn,
      processedDeliveryStreamName: processedDeliveryStreamName(env, dataset),
      quarantineBucket: { name: storage.quarantine.name, arn: storage.quarantine.arn },
      quarantineDependsOn: [storage.quarantine.bucket, storage.quarantine.policy],
      outputsDependOn: [
        this.processed.deliveryStream,
        ...(props.searchDeliveryStream?.resource ? [props.searchDeliveryStream.resource] : []),
      ],
      ...(props.searchDeliveryStream
        ? { searchDeliveryStream: { name: props.searchDeliveryStream.name, arn: props.searchDeliveryStream.arn } }
        : {}),
    });
  }
}
