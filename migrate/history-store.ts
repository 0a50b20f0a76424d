import type { SchemaHistory } from './history';
import type { LockRecord } from './history-codec';

/** A version of the stored history; `null` when nothing has been stored yet. */
export type HistoryVersion = string | null;

export interface LockGrant {
  readonly owner: string;
  readonly expiresAt: string;
  /** Set when an expired lock of another owner was taken over. */
  readonly tookOverFrom?: { readonly owner: string; readonly expiredAt: string };
}

/**
 * Where the schema history and the migration lock live: the Glue catalog
 * (`GlueHistoryStore`) or files under the local data dir (`LocalHistoryStore`).
 * Both give the same guarantees: `read` is one catalog call, `write` is a
 * compare-and-swap on the version read, and `acquireLock` is an exclusive create.
 */
export interface HistoryStore {
  /** The whole history in one call. */
  read(): Promise<{ readonly history: SchemaHistory; readonly version: HistoryVersion }>;
  /**
   * Stores `history` if the stored version is still `expected`; returns the new
   * version. Throws `HistoryConflictError` when another writer got there first.
   */
  write(history: SchemaHistory, expected: HistoryVersion): Promise<HistoryVersion>;
  /**
   * Takes the lock for `ttlMs`, or takes over a lock past its expiry.
   * Throws `LockHeldError` when a live lock is held by another owner.
   */
  acquireLock(owner: string, ttlMs: number, now: Date): Promise<LockGrant>;
  /** Releases the lock if `owner` still holds it, whoever calls (`unlock` releases a dead run's lock); a newer holder's lock is never released. */
  releaseLock(owner: string): Promise<void>;
  /** The lock as stored, held or released; undefined when none was ever taken. */
  readLock(): Promise<LockRecord | undefined>;
}

/** Name of the history table in the analytics database. */
export const HISTORY_TABLE = '_schema_history';
/** Name of the lock table in the analytics database. */
export const LOCK_TABLE = '_schema_lock';
