import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { glueCatalogArn, glueDatabaseArn, glueTableArn } from '../../config/arns';
import { DELIVERY_BUFFERING_DEFAULTS, type DeliveryBuffering } from '../../config/delivery-defaults';
import { DATE_PARTITION_PREFIX, errorOutputPrefix, failedDeliveryPrefix } from '../../config/delivery-prefixes';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix } from '../../datasets/naming';
import { ServiceRole } from '../iam/service-role';
import type { DeliveryLogGroup } from './delivery-log-group';
import { deliveryBucketStatements } from './delivery-permissions';
import { ProcessedTable } from './processed-table';
import { PropsCheck } from '../props-error';

export interface ProcessedDeliveryProps {
  readonly name: string;
  readonly dataset: DatasetDeclaration;
  readonly accountId: string;
  readonly region: string;
  readonly databaseName: string;
  readonly processedBucketName: string;
  readonly processedBucketArn: string;
  /** The processed bucket's resources: its ARN is a plain string, so creation must wait for them. @default none */
  readonly bucketDependsOn?: readonly ITerraformDependable[];
  readonly keyArn: string;
  /** Group with a `processed` log stream. */
  readonly logs: DeliveryLogGroup;
  /** Parquet conversion needs at least 64 MiB. @default DELIVERY_BUFFERING_DEFAULTS.processed: 128 MiB or 300 s, larger files for Athena */
  readonly buffer?: DeliveryBuffering;
}

/**
 * The processed path: the Terraform-owned Parquet table and the DirectPut Firehose
 * that converts the processor's JSON records into it, under `<dataset>/dt=YYYY-MM-DD/`.
 */
export class ProcessedDelivery extends Construct {
  public readonly table: ProcessedTable;
  public readonly role: ServiceRole;
  public readonly deliveryStream: KinesisFirehoseDeliveryStream;

  constructor(scope: Construct, id: string, props: ProcessedDeliveryProps) {
    super(scope, id);
    const buffer = props.buffer ?? DELIVERY_BUFFERING_DEFAULTS.processed;
    const check = new PropsCheck(`ProcessedDelivery[${id}]`);
    check.expect(
      buffer.sizeMb >= 64 && buffer.sizeMb <= 128,
      'buffer.sizeMb',
      `${buffer.sizeMb}; expected 64..128 MiB (format conversion needs at least 64)`,
    );
    check.expect(
      buffer.intervalSeconds >= 0 && buffer.intervalSeconds <= 900,
      'buffer.intervalSeconds',
      `${buffer.intervalSeconds}; expected 0..900 s`,
    );
    check.throwIfAny();
    const { dataset, region, accountId, keyArn } = props;
    this.table = new ProcessedTable(this, 'table', {
      dataset,
      databaseName: props.databaseName,
      processedBucketName: props.processedBucketName,
    });
    const tableName = this.table.table.name;
    this.role = new ServiceRole(this, 'role', {
      roleName: `${props.name}-firehose`,
      service: 'firehose.amazonaws.com',
      accountId,
      description: `Firehose ${props.name}: convert to Parquet with the Glue schema, write the processed bucket`,
      statements: [
        {
          Effect: 'Allow',
          Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          Resource: [glueCatalogArn(props), glueDatabaseArn(props, props.databaseName), glueTableArn(props, props.databaseName, tableName)],
        },
        ...deliveryBucketStatements(props.processedBucketArn, [datasetPrefix(dataset), failedDeliveryPrefix(dataset.name)], keyArn, region),
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: props.logs.streamsArn },
      ],
    });
    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: props.name,
      destination: 'extended_s3',
      // DirectPut accepts delivery-stream SSE (unlike a Kinesis-sourced stream).
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn },
      extendedS3Configuration: {
        roleArn: this.role.role.arn,
        bucketArn: props.processedBucketArn,
        prefix: `${datasetPrefix(dataset)}${DATE_PARTITION_PREFIX}`,
        errorOutputPrefix: errorOutputPrefix(dataset.name, 'processed'),
        // Snappy compression happens inside Parquet; S3-level compression must be off.
        compressionFormat: 'UNCOMPRESSED',
        fileExtension: '.parquet',
        kmsKeyArn: keyArn,
        bufferingSize: buffer.sizeMb,
        bufferingInterval: buffer.intervalSeconds,
        dataFormatConversionConfiguration: {
          enabled: true,
          // OpenX reads the processor's ISO-8601 UTC times (yyyy-MM-dd'T'HH:mm:ss.SSS'Z') into
          // timestamp columns ("Convert input data format"); the Hive SerDe would need patterns.
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: false } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: { databaseName: props.databaseName, tableName, roleArn: this.role.role.arn, region, versionId: 'LATEST' },
        },
        cloudwatchLoggingOptions: { enabled: true, logGroupName: props.logs.logGroup.name, logStreamName: 'processed' },
      },
      // Creation calls Glue: the table and the role's permissions must exist first.
      dependsOn: [this.table.table, this.role.policy, ...(props.bucketDependsOn ?? [])],
    });
  }
}
