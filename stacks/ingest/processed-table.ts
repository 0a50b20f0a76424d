import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Construct } from 'constructs';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix, PARTITION_COLUMN, PARTITION_FORMAT_JAVA, processedFields, processedTableName } from '../../datasets/naming';
import { PropsCheck } from '../props-error';
import { PROCESSED_TABLE_DEFAULTS } from './processed-table-defaults';

export interface ProcessedTableProps {
  readonly dataset: DatasetDeclaration;
  readonly databaseName: string;
  readonly processedBucketName: string;
  /** First partition date of the projection. @default PROCESSED_TABLE_DEFAULTS.projectionStartDate ('2024-01-01') */
  readonly projectionStartDate?: string;
}

/**
 * The Parquet table of a dataset's processed records. Terraform owns it (not the
 * migrations) because the processed Firehose reads its schema when it is created.
 * Partition projection describes the `dt=YYYY-MM-DD` prefixes, so no crawler or
 * MSCK ever registers partitions.
 */
export class ProcessedTable extends Construct {
  public readonly table: GlueCatalogTable;

  constructor(scope: Construct, id: string, props: ProcessedTableProps) {
    super(scope, id);
    const start = props.projectionStartDate ?? PROCESSED_TABLE_DEFAULTS.projectionStartDate;
    new PropsCheck(`ProcessedTable[${id}]`)
      .expect(/^\d{4}-\d{2}-\d{2}$/.test(start), 'projectionStartDate', `'${start}'; expected YYYY-MM-DD`)
      .throwIfAny();
    const location = `s3://${props.processedBucketName}/${datasetPrefix(props.dataset)}`;
    this.table = new GlueCatalogTable(this, 'table', {
      name: processedTableName(props.dataset),
      databaseName: props.databaseName,
      description: `Processed ${props.dataset.name} records (Parquet). Owned by Terraform; migrations never alter it.`,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'parquet',
        'parquet.compression': 'SNAPPY',
        'projection.enabled': 'true',
        [`projection.${PARTITION_COLUMN}.type`]: 'date',
        [`projection.${PARTITION_COLUMN}.format`]: PARTITION_FORMAT_JAVA,
        [`projection.${PARTITION_COLUMN}.range`]: `${start},NOW`,
        [`projection.${PARTITION_COLUMN}.interval`]: '1',
        [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
      },
      partitionKeys: [{ name: PARTITION_COLUMN, type: 'string', comment: 'Arrival date (UTC), yyyy-MM-dd' }],
      storageDescriptor: {
        location,
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serDeInfo: {
          serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          parameters: { 'serialization.format': '1' },
        },
        columns: processedFields(props.dataset).map((f) => ({ name: f.name, type: f.type, comment: f.description.slice(0, 255) })),
      },
    });
  }
}
