import type { MigrationTarget } from './target';

/** A value of a result row, as both engines return it. */
export type CellValue = string | number | boolean | null;
export type ResultRow = Readonly<Record<string, CellValue>>;

export interface StatementRequest {
  readonly sql: string;
  /**
   * Idempotency token (32..128 characters): the same token returns the same
   * execution instead of running the statement again.
   */
  readonly clientRequestToken: string;
  /**
   * Called while the engine waits for the statement (after each poll), so the
   * caller can renew its lock during a long statement. An error it throws ends
   * the wait with that error.
   */
  readonly onWait?: () => Promise<void>;
}

export interface StatementOutcome {
  readonly executionId: string;
}

/** What the destructive-statement check needs to know about a table. */
export interface TableFacts {
  readonly exists: boolean;
  readonly iceberg: boolean;
  /** At least one object under the table's location. */
  readonly hasData: boolean;
}

/**
 * Runs SQL against an analytics database: Athena (`AthenaEngine`) or embedded
 * DuckDB over the local lake (`LocalEngine`).
 */
export interface QueryEngine {
  readonly kind: 'athena' | 'local';
  /** The database, workgroup and placeholder values the engine serves. */
  readonly target: MigrationTarget;
  /** Runs one statement; throws `StatementFailedError` with the engine's reason. */
  execute(request: StatementRequest): Promise<StatementOutcome>;
  /** Runs a query and returns its rows. */
  query(sql: string): Promise<ResultRow[]>;
  /** Facts about `database.table`: the database a statement names, which need not be the target's. */
  tableFacts(name: { readonly database: string; readonly table: string }): Promise<TableFacts>;
  close(): Promise<void>;
}
