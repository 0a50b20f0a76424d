import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bucketName } from '../../config/resource-names';
import type { EnvironmentConfig } from '../../config/environment';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { datasetPrefix, processedFields } from '../../datasets/naming';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { processRecords } from '../../functions/processor/process-records';
import { lineText } from '../../functions/processor/line-arena';
import type { InputRecord, ProcessedRecord } from '../../functions/processor/ports';
import { duckdbType } from '../../migrate/local-dialect';

/**
 * Writes a small local lake the way the pipeline does: producer records as GZIP
 * NDJSON in the raw bucket, and the processor core's output (processRecords) as
 * Parquet in the processed bucket, both under `dt=YYYY-MM-DD` of arrival.
 */

export interface LakeBatch {
  readonly dataset: DatasetDeclaration;
  /** Producer records (the raw JSON). */
  readonly records: readonly object[];
  /** Arrival time of the batch: its `dt` and the processor clock. */
  readonly arrival: Date;
}

/** Runs the processor core over producer records; returns the processed rows (quarantined ones are dropped). */
export async function processWithPipeline(
  dataset: DatasetDeclaration,
  records: readonly object[],
  arrival: Date,
): Promise<readonly ProcessedRecord[]> {
  const inputs: InputRecord[] = records.map((record, i) => ({
    sequenceNumber: String(i).padStart(20, '0'),
    partitionKey: `pk-${i % 4}`,
    data: Buffer.from(JSON.stringify(record)).toString('base64'),
    approximateArrivalTimestamp: arrival.getTime() / 1000,
  }));
  const result = await processRecords(inputs, {
    compiled: compileDataset(dataset, { burstRule: null }),
    processedSink: { deliver: async () => ({ undelivered: [] }) },
    quarantineSink: { quarantine: async () => ({ undelivered: [] }) },
    metrics: { add: () => undefined, series: () => () => undefined, flush: () => undefined, reset: () => undefined },
    clock: { now: () => arrival.getTime() },
  });
  return result.outbound.map((o) => JSON.parse(lineText(o)) as ProcessedRecord);
}

export async function writeLakeBatch(
  dataDir: string,
  env: EnvironmentConfig,
  batch: LakeBatch,
  part: string,
): Promise<readonly ProcessedRecord[]> {
  const dt = batch.arrival.toISOString().slice(0, 10);
  const rawDir = join(dataDir, 's3', bucketName(env, 'raw'), datasetPrefix(batch.dataset), `dt=${dt}`);
  mkdirSync(rawDir, { recursive: true });
  writeFileSync(join(rawDir, `${part}.gz`), gzipSync(batch.records.map((r) => JSON.stringify(r)).join('\n') + '\n'));

  const processed = await processWithPipeline(batch.dataset, batch.records, batch.arrival);
  const processedDir = join(dataDir, 's3', bucketName(env, 'processed'), datasetPrefix(batch.dataset), `dt=${dt}`);
  mkdirSync(processedDir, { recursive: true });
  const staging = join(processedDir, `.${part}.ndjson`);
  writeFileSync(staging, processed.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const fields = processedFields(batch.dataset);
  const columns = fields.map((f) => `'${f.name}': '${f.type === 'timestamp' ? 'VARCHAR' : duckdbType(f.type, f.name)}'`).join(', ');
  // Firehose writes Glue-typed Parquet: timestamps as TIMESTAMP, not strings.
  const select = fields.map((f) => `CAST("${f.name}" AS ${duckdbType(f.type, f.name)}) AS "${f.name}"`).join(', ');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT ${select} FROM read_json('${staging}', format = 'newline_delimited', columns = {${columns}})) TO '${join(processedDir, `${part}.parquet`)}' (FORMAT parquet, COMPRESSION snappy)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(staging);
  }
  return processed;
}
