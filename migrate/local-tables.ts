import { join } from 'node:path';
import { bucketName } from '../config/resource-names';
import type { EnvironmentConfig } from '../config/environment';
import type { DatasetDeclaration } from '../datasets/dataset';
import { datasetPrefix, PARTITION_COLUMN, processedFields, processedTableName } from '../datasets/naming';
import type { ColumnDef } from './ddl-parser';
import { duckdbType } from './local-dialect';
import { parseS3Location } from './s3-location';

/** An external table of the local engine: files under a location, read by DuckDB. */
export interface ExternalTableDef {
  readonly name: string;
  readonly format: 'json' | 'parquet';
  /** `s3://bucket/prefix/`, mapped to `<dataDir>/s3/bucket/prefix/`. */
  readonly location: string;
  readonly columns: readonly ColumnDef[];
  readonly partitions: readonly ColumnDef[];
  /**
   * The JSON SerDe's `ignore.malformed.json`: a line that is not JSON reads as a
   * row of NULLs instead of failing the query (DuckDB `ignore_errors`, which
   * does the same). @default false
   */
  readonly ignoreMalformedJson?: boolean;
}

/**
 * The Terraform-owned processed table of a dataset, as the local engine creates
 * it (there is no Terraform locally): columns `processedFields` with their Hive
 * types, partition `dt` string, Parquet under the processed bucket. The
 * schema-drift test compares this with the processor's output.
 */
export function processedTableDefinition(
  dataset: DatasetDeclaration,
  env: Pick<EnvironmentConfig, 'namePrefix' | 'accountId' | 'region'>,
): ExternalTableDef {
  return {
    name: processedTableName(dataset),
    format: 'parquet',
    location: `s3://${bucketName(env, 'processed')}/${datasetPrefix(dataset)}`,
    columns: processedFields(dataset).map((f) => ({ name: f.name, type: f.type })),
    partitions: [{ name: PARTITION_COLUMN, type: 'string' }],
  };
}

/** `s3://bucket/key` -> `<dataDir>/s3/bucket/key`. */
export function localPath(dataDir: string, location: string, what: string): string {
  const { bucket, prefix } = parseS3Location(location, what);
  return join(dataDir, 's3', bucket, prefix);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Glob of the data files: one `col=*` level per partition column, as Hive lays them out. */
export function dataGlob(dataDir: string, def: ExternalTableDef): string {
  const levels = def.partitions.map((p) => `${p.name}=*`);
  return join(localPath(dataDir, def.location, `table ${def.name}`), ...levels, '*');
}

/**
 * DuckDB SELECT over the table's files, typed from the declaration. With no
 * files yet it is a typed empty select, so views and queries work on an empty lake.
 */
export function externalTableSelect(dataDir: string, def: ExternalTableDef, hasFiles: boolean): string {
  const all = [...def.columns, ...def.partitions];
  if (!hasFiles) {
    return `SELECT ${all.map((c) => `CAST(NULL AS ${duckdbType(c.type, c.name)}) AS ${quoteIdent(c.name)}`).join(', ')} WHERE false`;
  }
  const glob = quoteString(dataGlob(dataDir, def));
  const hiveTypes = `{${def.partitions.map((p) => `${quoteString(p.name)}: ${quoteString(duckdbType(p.type, p.name))}`).join(', ')}}`;
  const hive = def.partitions.length > 0 ? `, hive_partitioning = true, hive_types = ${hiveTypes}` : ', hive_partitioning = false';
  const select = all.map((c) => `CAST(${quoteIdent(c.name)} AS ${duckdbType(c.type, c.name)}) AS ${quoteIdent(c.name)}`).join(', ');
  if (def.format === 'parquet') {
    return `SELECT ${select} FROM read_parquet(${glob}${hive}, union_by_name = true)`;
  }
  const columns = `{${def.columns.map((c) => `${quoteString(c.name)}: ${quoteString(duckdbType(c.type, c.name))}`).join(', ')}}`;
  const lenient = def.ignoreMalformedJson === true ? ', ignore_errors = true' : '';
  return `SELECT ${select} FROM read_json(${glob}, format = 'newline_delimited', compression = 'auto_detect', columns = ${columns}${hive}${lenient})`;
}

export function qualified(database: string, table: string): string {
  return `${quoteIdent(database)}.${quoteIdent(table)}`;
}
