import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { DatasetDeclaration } from '../datasets/dataset';
import { datasetPrefix } from '../datasets/naming';
import { quarantinePrefix } from '../config/delivery-prefixes';
import { LakeFileError } from './errors';
import type { LocalLake } from './local-lake';

export interface LakeCounts {
  /** Lines in the raw GZIP objects. */
  readonly raw: number;
  readonly rawObjects: number;
  /** Rows in the processed Parquet objects (at-least-once: retries may deliver a record twice). */
  readonly processedRows: number;
  /** Distinct event ids (the declaration's `eventIdField`) among them: the records processed; all rows when it declares none. */
  readonly processed: number;
  readonly processedObjects: number;
  /** Distinct sequence numbers in the quarantine (`invalid/<dataset>/`). */
  readonly quarantined: number;
}

export interface Buckets {
  readonly raw: string;
  readonly processed: string;
  readonly quarantine: string;
}

function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Counts what the local lake holds for a dataset, reading the files as their consumers would. */
export async function inspectLake(lake: LocalLake, buckets: Buckets, dataset: DatasetDeclaration): Promise<LakeCounts> {
  let raw = 0;
  const rawKeys = (await lake.listKeys(buckets.raw, datasetPrefix(dataset))).filter((k) => k.endsWith('.gz'));
  for (const key of rawKeys) {
    const path = lake.objectPath(buckets.raw, key);
    let text: string;
    try {
      text = gunzipSync(await readFile(path)).toString('utf8');
    } catch (error) {
      throw new LakeFileError(path, 'expected a GZIP object', { cause: error });
    }
    raw += text.split('\n').filter((l) => l.length > 0).length;
  }

  const parquetKeys = (await lake.listKeys(buckets.processed, datasetPrefix(dataset))).filter((k) => k.endsWith('.parquet'));
  let processedRows = 0;
  let processed = 0;
  if (parquetKeys.length > 0) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const files = `[${parquetKeys.map((k) => quoteString(lake.objectPath(buckets.processed, k))).join(', ')}]`;
      // The event-id column comes from the declaration (a quoted identifier: names are snake_case, checked at load).
      const distinct = dataset.eventIdField === undefined ? 'count(*)' : `count(DISTINCT "${dataset.eventIdField}")`;
      const reader = await connection.runAndReadAll(`SELECT count(*) AS n, ${distinct} AS d FROM read_parquet(${files})`);
      const row = reader.getRowObjectsJS()[0];
      processedRows = Number(row?.n ?? 0);
      processed = Number(row?.d ?? 0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  const sequences = new Set<string>();
  for (const key of await lake.listKeys(buckets.quarantine, quarantinePrefix(dataset))) {
    const path = lake.objectPath(buckets.quarantine, key);
    for (const line of (await readFile(path, 'utf8')).split('\n')) {
      if (line.trim() === '') continue;
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        throw new LakeFileError(path, 'expected NDJSON quarantine entries', { cause: error });
      }
      const seq = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).sequence_number : undefined;
      if (typeof seq !== 'string') throw new LakeFileError(path, 'expected a sequence_number in every quarantine entry');
      sequences.add(seq);
    }
  }
  return { raw, rawObjects: rawKeys.length, processedRows, processed, processedObjects: parquetKeys.length, quarantined: sequences.size };
}
