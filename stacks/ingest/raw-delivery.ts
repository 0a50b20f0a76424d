import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { kinesisStreamArn } from '../../config/arns';
import { DELIVERY_BUFFERING_DEFAULTS, type DeliveryBuffering } from '../../config/delivery-defaults';
import { DATE_PARTITION_PREFIX, errorOutputPrefix, failedDeliveryPrefix } from '../../config/delivery-prefixes';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix } from '../../datasets/naming';
import { ServiceRole } from '../iam/service-role';
import { terraformText } from '../terraform-text';
import type { DeliveryLogGroup } from './delivery-log-group';
import { deliveryBucketStatements } from './delivery-permissions';
import { PropsCheck } from '../props-error';

export interface RawDeliveryProps {
  readonly name: string;
  readonly dataset: DatasetDeclaration;
  readonly accountId: string;
  readonly region: string;
  /** The Kinesis stream to read: its name is known at synth, its ARN may be a token. */
  readonly stream: { readonly name: string; readonly arn: string };
  readonly rawBucketArn: string;
  /** The raw bucket's resources: the ARN above is a plain string, so creation must wait for them. @default none */
  readonly bucketDependsOn?: readonly ITerraformDependable[];
  readonly keyArn: string;
  /** Group with a `raw` log stream. */
  readonly logs: DeliveryLogGroup;
  /** @default DELIVERY_BUFFERING_DEFAULTS.raw: 64 MiB or 300 s, whichever first: fewer, larger GZIP objects */
  readonly buffer?: DeliveryBuffering;
}

/**
 * The raw Firehose: reads the dataset's Kinesis stream and writes the records as
 * produced, newline-delimited and GZIP-compressed, under `<dataset>/dt=YYYY-MM-DD/`.
 */
export class RawDelivery extends Construct {
  public readonly role: ServiceRole;
  public readonly deliveryStream: KinesisFirehoseDeliveryStream;

  constructor(scope: Construct, id: string, props: RawDeliveryProps) {
    super(scope, id);
    const buffer = props.buffer ?? DELIVERY_BUFFERING_DEFAULTS.raw;
    const check = new PropsCheck(`RawDelivery[${id}]`);
    check.expect(buffer.sizeMb >= 1 && buffer.sizeMb <= 128, 'buffer.sizeMb', `${buffer.sizeMb}; expected 1..128 MiB`);
    check.expect(
      buffer.intervalSeconds >= 0 && buffer.intervalSeconds <= 900,
      'buffer.intervalSeconds',
      `${buffer.intervalSeconds}; expected 0..900 s`,
    );
    check.throwIfAny();
    const { dataset, region, accountId, keyArn } = props;
    const streamArn = kinesisStreamArn(props, props.stream.name);
    this.role = new ServiceRole(this, 'role', {
      roleName: `${props.name}-firehose`,
      service: 'firehose.amazonaws.com',
      accountId,
      description: `Firehose ${props.name}: read ${props.stream.name}, write the raw bucket`,
      statements: [
        {
          Effect: 'Allow',
          Action: [
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:GetShardIterator',
            'kinesis:GetRecords',
            'kinesis:ListShards',
          ],
          Resource: streamArn,
        },
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': `kinesis.${region}.amazonaws.com` } },
        },
        ...deliveryBucketStatements(props.rawBucketArn, [datasetPrefix(dataset), failedDeliveryPrefix(dataset.name)], keyArn, region),
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: props.logs.streamsArn },
      ],
    });
    // No server_side_encryption block: AWS rejects delivery-stream SSE when the source
    // is a Kinesis stream. The stream's KMS key and the bucket's SSE-KMS cover it.
    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: props.name,
      destination: 'extended_s3',
      kinesisSourceConfiguration: { kinesisStreamArn: props.stream.arn, roleArn: this.role.role.arn },
      extendedS3Configuration: {
        roleArn: this.role.role.arn,
        bucketArn: props.rawBucketArn,
        prefix: `${datasetPrefix(dataset)}${DATE_PARTITION_PREFIX}`,
        errorOutputPrefix: errorOutputPrefix(dataset.name, 'raw'),
        compressionFormat: 'GZIP',
        fileExtension: '.json.gz',
        kmsKeyArn: keyArn,
        bufferingSize: buffer.sizeMb,
        bufferingInterval: buffer.intervalSeconds,
        // Firehose concatenates records with no delimiter; Athena, the crawler and
        // DuckDB need one JSON object per line.
        processingConfiguration: {
          enabled: true,
          processors: [
            { type: 'AppendDelimiterToRecord', parameters: [{ parameterName: 'Delimiter', parameterValue: terraformText('\\n') }] },
          ],
        },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: props.logs.logGroup.name, logStreamName: 'raw' },
      },
      dependsOn: [this.role.policy, ...(props.bucketDependsOn ?? [])],
    });
  }
}
