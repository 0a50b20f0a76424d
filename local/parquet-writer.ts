import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FieldSpec, FieldType } from '../datasets/dataset';
import { LocalServiceError } from './errors';

/** Glue (Hive) column types of the declarations and the DuckDB types written to Parquet. */
const DUCKDB_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Converts NDJSON to Parquet with embedded DuckDB, as the processed Firehose's
 * format conversion does with the Glue table: exactly the given columns, in
 * order, with their declared types, Snappy-compressed. One instance per run.
 */
export class ParquetWriter {
  private busy = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly scratchDir: string,
  ) {}

  public static async open(scratchDir: string): Promise<ParquetWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Timestamps are UTC wall time, as Athena reads them.
    await connection.run("SET TimeZone = 'UTC'");
    return new ParquetWriter(instance, connection, scratchDir);
  }

  /** Wall milliseconds spent writing so far (the bench's share of the delivery stage). */
  public get elapsedMs(): number {
    return this.busy;
  }

  /** Writes `lines` (one JSON object each, newline-terminated) as one Parquet file at `path`. */
  public async write(path: string, columns: readonly FieldSpec[], lines: readonly Uint8Array[]): Promise<void> {
    const t0 = performance.now();
    try {
      await this.writeFile(path, columns, lines);
    } finally {
      this.busy += performance.now() - t0;
    }
  }

  private async writeFile(path: string, columns: readonly FieldSpec[], lines: readonly Uint8Array[]): Promise<void> {
    await mkdir(this.scratchDir, { recursive: true });
    await mkdir(dirname(path), { recursive: true });
    const input = join(this.scratchDir, `${randomUUID()}.ndjson`);
    const temp = `${path}.part`;
    await writeFile(input, Buffer.concat(lines));
    const readColumns = `{${columns.map((c) => `${quoteString(c.name)}: 'VARCHAR'`).join(', ')}}`;
    // Read every value as text and cast per declaration: a wrong value fails the file loudly,
    // as the Firehose conversion sends it to the error prefix instead of guessing.
    const select = columns
      .map((c) => {
        const source = c.type === 'timestamp' ? `CAST(${quoteIdent(c.name)} AS TIMESTAMPTZ)` : quoteIdent(c.name);
        return `CAST(${source} AS ${DUCKDB_TYPES[c.type]}) AS ${quoteIdent(c.name)}`;
      })
      .join(', ');
    try {
      await this.connection.run(
        `COPY (SELECT ${select} FROM read_json(${quoteString(input)}, format = 'newline_delimited', columns = ${readColumns})) ` +
          `TO ${quoteString(temp)} (FORMAT parquet, COMPRESSION snappy)`,
      );
      await rm(path, { force: true });
      await rename(temp, path);
    } catch (error) {
      throw new LocalServiceError(`writing Parquet ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await rm(input, { force: true });
    }
  }

  public close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
