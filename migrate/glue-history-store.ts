import {
  AlreadyExistsException,
  ConcurrentModificationException,
  CreateTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { HistoryConflictError, LockHeldError, MigrateError } from './errors';
import { EMPTY_HISTORY, type SchemaHistory } from './history';
import { decodeHistory, decodeLock, encodeHistory, type LockRecord } from './history-codec';
import { HISTORY_TABLE, LOCK_TABLE, type HistoryStore, type HistoryVersion, type LockGrant } from './history-store';

const HISTORY_PARAMETER = 'migrate.history';
const LOCK_PARAMETER = 'migrate.lock';
/** Glue's limit on one table parameter value (ParametersMapValue). */
const PARAMETER_VALUE_MAX_BYTES = 512_000;

/**
 * Schema history and lock as Glue tables of the analytics database. The history
 * is JSON in a table parameter, written with `UpdateTable` + `VersionId` (a
 * compare-and-swap); the lock is a `CreateTable` (AlreadyExists = held) whose
 * parameters hold owner and expiry, taken over or released by a CAS update.
 * Neither table has columns or a location: Athena never lists them as data.
 */
export class GlueHistoryStore implements HistoryStore {
  constructor(
    private readonly glue: GlueClient,
    private readonly database: string,
  ) {}

  async read(): Promise<{ history: SchemaHistory; version: HistoryVersion }> {
    const table = await this.getTable(HISTORY_TABLE);
    if (!table) return { history: EMPTY_HISTORY, version: null };
    const json = table.Parameters?.[HISTORY_PARAMETER];
    const history = json === undefined ? EMPTY_HISTORY : decodeHistory(json, `${this.database}.${HISTORY_TABLE}`);
    return { history, version: table.VersionId ?? null };
  }

  async write(history: SchemaHistory, expected: HistoryVersion): Promise<HistoryVersion> {
    const json = encodeHistory(history);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > PARAMETER_VALUE_MAX_BYTES) {
      throw new MigrateError(
        `${this.database}.${HISTORY_TABLE}: the history is ${bytes} bytes with ${history.entries.length} entries, over Glue's ${PARAMETER_VALUE_MAX_BYTES}-byte limit for a table parameter; baseline it (archive the entries and keep the latest per script)`,
      );
    }
    const input = this.tableInput(HISTORY_TABLE, 'Schema history of the migration runner (migrate/). Do not edit.', { [HISTORY_PARAMETER]: json });
    try {
      if (expected === null) {
        await this.glue.send(new CreateTableCommand({ DatabaseName: this.database, TableInput: input }));
      } else {
        await this.glue.send(new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: expected }));
      }
    } catch (error) {
      if (error instanceof AlreadyExistsException || error instanceof ConcurrentModificationException) {
        throw new HistoryConflictError(`the schema history changed since version ${expected ?? '(none)'} was read`, { cause: error });
      }
      throw error;
    }
    // One more read only to learn the new VersionId, which UpdateTable does not return.
    const table = await this.getTable(HISTORY_TABLE);
    return table?.VersionId ?? null;
  }

  async acquireLock(owner: string, ttlMs: number, now: Date): Promise<LockGrant> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const record: LockRecord = { owner, expiresAt, state: 'held' };
    const input = this.tableInput(LOCK_TABLE, 'Lock of the migration runner (migrate/).', { [LOCK_PARAMETER]: JSON.stringify(record) });
    try {
      await this.glue.send(new CreateTableCommand({ DatabaseName: this.database, TableInput: input }));
      return { owner, expiresAt };
    } catch (error) {
      if (!(error instanceof AlreadyExistsException)) throw error;
    }
    const table = await this.getTable(LOCK_TABLE);
    if (!table) throw new MigrateError(`${this.database}.${LOCK_TABLE} vanished while taking the lock; retry`);
    const current = this.lockOf(table);
    const live = current.state === 'held' && current.owner !== owner && Date.parse(current.expiresAt) > now.getTime();
    if (live) throw new LockHeldError(current.owner, current.expiresAt);
    try {
      await this.glue.send(new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: table.VersionId }));
    } catch (error) {
      if (error instanceof ConcurrentModificationException) {
        const winner = await this.getTable(LOCK_TABLE);
        const lock = winner ? this.lockOf(winner) : current;
        throw new LockHeldError(lock.owner, lock.expiresAt);
      }
      throw error;
    }
    const tookOver = current.state === 'held' && current.owner !== owner;
    return tookOver ? { owner, expiresAt, tookOverFrom: { owner: current.owner, expiredAt: current.expiresAt } } : { owner, expiresAt };
  }

  async releaseLock(owner: string): Promise<void> {
    const table = await this.getTable(LOCK_TABLE);
    if (!table) return;
    const current = this.lockOf(table);
    if (current.owner !== owner || current.state !== 'held') return;
    const released: LockRecord = { ...current, state: 'released' };
    const input = this.tableInput(LOCK_TABLE, 'Lock of the migration runner (migrate/).', { [LOCK_PARAMETER]: JSON.stringify(released) });
    try {
      await this.glue.send(new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: table.VersionId }));
    } catch (error) {
      // Someone took the lock over after it expired: it is theirs now.
      if (!(error instanceof ConcurrentModificationException)) throw error;
    }
  }

  private lockOf(table: Table): LockRecord {
    const json = table.Parameters?.[LOCK_PARAMETER];
    if (json === undefined) throw new MigrateError(`${this.database}.${LOCK_TABLE}: parameter ${LOCK_PARAMETER} is missing`);
    return decodeLock(json, `${this.database}.${LOCK_TABLE}`);
  }

  private tableInput(name: string, description: string, parameters: Record<string, string>): TableInput {
    return { Name: name, Description: description, TableType: 'EXTERNAL_TABLE', Parameters: { classification: 'migrate-metadata', ...parameters } };
  }

  private async getTable(name: string): Promise<Table | undefined> {
    try {
      const out = await this.glue.send(new GetTableCommand({ DatabaseName: this.database, Name: name }));
      return out.Table;
    } catch (error) {
      if (error instanceof EntityNotFoundException) return undefined;
      throw error;
    }
  }
}
