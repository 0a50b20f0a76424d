import type { DatasetDeclaration, FieldSpec } from './dataset';

/**
 * Names derived from a dataset declaration. Every component (stacks, processor,
 * migrations, local run) uses these, so a name is spelled in one place.
 */

/** `access-logs` -> `access_logs` (Glue/Athena identifiers allow no dashes). */
export function snakeName(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return dataset.name.replace(/-/g, '_');
}

/** Terraform-owned Parquet table the processed Firehose converts into. */
export function processedTableName(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `${snakeName(dataset)}_processed`;
}

/** Migration-owned table over the raw GZIP NDJSON. */
export function rawTableName(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `${snakeName(dataset)}_raw`;
}

/**
 * Migration-owned view of raw against processed record counts per UTC event date,
 * created by the dataset's own migration (docs/architecture.md, "Adding a dataset").
 */
export function reconciliationViewName(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `${snakeName(dataset)}_reconciliation`;
}

/**
 * S3 key prefix of a dataset inside the raw, processed and quarantine buckets.
 * Partitions are Hive-style `dt=YYYY-MM-DD` on arrival time, which partition
 * projection (type date, range to NOW) describes and DuckDB reads with hive_partitioning.
 */
export function datasetPrefix(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `${dataset.name}/`;
}

/** Name of the date partition column in every table. */
export const PARTITION_COLUMN = 'dt';
/** Format of the partition value, in Java spelling (Firehose, Athena). */
export const PARTITION_FORMAT_JAVA = 'yyyy-MM-dd';

/** Columns the processor adds to every dataset, after the declared and derived ones. */
export const PROCESSING_FIELDS: readonly FieldSpec[] = [
  { name: 'ingested_at', type: 'timestamp', description: 'When the processor accepted the record (ISO-8601 UTC).' },
  { name: 'is_critical', type: 'boolean', description: 'The dataset flagged the record as a critical error.' },
  { name: 'critical_reason', type: 'string', required: false, maxLength: 256, description: 'Why it is critical, when it is.' },
];

/** The processed record schema: declared fields, then derived, then processing fields. */
export function processedFields(dataset: Pick<DatasetDeclaration, 'fields' | 'derivedFields'>): readonly FieldSpec[] {
  return [...dataset.fields, ...dataset.derivedFields, ...PROCESSING_FIELDS];
}

/** Metric namespace the processor publishes to (EMF) and the alarms read. */
export function metricNamespace(environmentName: string): string {
  return `LogTelemetryPipeline/${environmentName}`;
}
