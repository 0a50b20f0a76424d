import {
  AlreadyExistsException,
  ConcurrentModificationException,
  CreateTableCommand,
  DeleteTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  GetTablesCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { randomUUID } from 'node:crypto';
import { HistoryConflictError, LockHeldError, MigrateError } from './errors';
import type { HistoryEntry, SchemaHistory } from './history';
import { decodeEntry, decodeHistory, decodeLock, encodeEntry, type LockRecord } from './history-codec';
import { HISTORY_TABLE, LOCK_TABLE, type HistoryStore, type HistoryVersion, type LockGrant } from './history-store';
import { sha256 } from './migration-files';

/** One history entry (one applied file, or one run of a repeatable) per Glue table named `_schema_history_<hash>`. */
export const ENTRY_TABLE_PREFIX = `${HISTORY_TABLE}_`;
const ENTRY_PARAMETER = 'migrate.entry';
/** Order of the entry in the history (Glue lists tables by name). */
const SEQ_PARAMETER = 'migrate.seq';
/** A nonce per write: the read-back is trusted only if it carries this write's id. */
const WRITE_ID_PARAMETER = 'migrate.write_id';
/** The history of earlier versions of the runner: one JSON document in one parameter of `_schema_history`. */
const LEGACY_PARAMETER = 'migrate.history';
const LEGACY_RETIRED_PARAMETER = 'migrate.history.moved_to';
const LOCK_PARAMETER = 'migrate.lock';
/** Glue's limit on one table parameter value (ParametersMapValue). */
export const PARAMETER_VALUE_MAX_BYTES = 512_000;
/** GetTables returns at most 100 tables per page. */
const PAGE_SIZE = 100;

/** What `read` saw, and what `write` compares against: each entry table's VersionId, and the legacy table's while it still holds history. */
interface StoredVersions {
  readonly tables: Readonly<Record<string, string>>;
  readonly legacy?: string;
}

/** The Glue table holding one entry: keyed by script and run, so an entry keeps its table across updates. */
export function entryTableName(entry: Pick<HistoryEntry, 'script' | 'run'>): string {
  return `${ENTRY_TABLE_PREFIX}${sha256(`${entry.script}#${entry.run}`).slice(0, 24)}`;
}

/**
 * Schema history and lock as Glue tables of the analytics database.
 *
 * History: one table per entry, its JSON in one parameter. A history therefore
 * grows by tables, not by bytes, and only one file's entry must fit Glue's
 * 512,000-byte parameter limit (bounded by construction: see docs/migrations.md).
 * Each write is a compare-and-swap on that table's VersionId (`UpdateTable` +
 * `VersionId`, or `CreateTable`, which fails if the table exists), with
 * `SkipArchive`: Glue keeps no old versions of these tables, and the history
 * never depends on archived versions, which are routinely pruned. `UpdateTable`
 * returns no VersionId, so a write stores a nonce and trusts the version it
 * reads back only if it carries that nonce. A history kept by earlier versions
 * of the runner in one parameter of `_schema_history` is read as is, and moved
 * to entry tables by the first write.
 *
 * Lock: a `CreateTable` (AlreadyExists = held) whose parameters hold owner and
 * expiry, taken over or released by a CAS update, also with `SkipArchive`.
 * None of these tables has columns or a location: Athena never lists them as data.
 */
export class GlueHistoryStore implements HistoryStore {
  /** The JSON and order of each entry table, as this store last read or wrote it. */
  private readonly known = new Map<string, { readonly json: string; readonly seq: number }>();

  constructor(
    private readonly glue: GlueClient,
    private readonly database: string,
  ) {}

  async read(): Promise<{ history: SchemaHistory; version: HistoryVersion }> {
    const tables = await this.historyTables();
    this.known.clear();
    const stored: { entry: HistoryEntry; seq: number }[] = [];
    const versions: Record<string, string> = {};
    for (const table of tables) {
      const name = table.Name ?? '';
      if (!name.startsWith(ENTRY_TABLE_PREFIX)) continue;
      const where = `${this.database}.${name}`;
      const json = table.Parameters?.[ENTRY_PARAMETER];
      const seq = Number(table.Parameters?.[SEQ_PARAMETER]);
      if (json === undefined || !Number.isInteger(seq))
        throw new MigrateError(
          `${where}: parameters ${ENTRY_PARAMETER} and ${SEQ_PARAMETER} are missing or invalid; it is not a history entry of this runner`,
        );
      stored.push({ entry: decodeEntry(json, where), seq });
      versions[name] = table.VersionId ?? '';
      this.known.set(name, { json, seq });
    }
    let legacy: string | undefined;
    const legacyTable = tables.find((t) => t.Name === HISTORY_TABLE);
    const legacyJson = legacyTable?.Parameters?.[LEGACY_PARAMETER];
    if (legacyTable && legacyJson !== undefined) {
      // Not moved yet (or only partly, if a move was interrupted): entry tables win, the rest comes from the document.
      legacy = legacyTable.VersionId ?? '';
      decodeHistory(legacyJson, `${this.database}.${HISTORY_TABLE}`).entries.forEach((entry, i) => {
        const name = entryTableName(entry);
        if (this.known.has(name)) return;
        stored.push({ entry, seq: i });
        this.known.set(name, { json: '', seq: i });
      });
    }
    stored.sort((a, b) => a.seq - b.seq);
    const version: StoredVersions = legacy === undefined ? { tables: versions } : { tables: versions, legacy };
    return { history: { entries: stored.map((s) => s.entry) }, version: JSON.stringify(version) };
  }

  async write(history: SchemaHistory, expected: HistoryVersion): Promise<HistoryVersion> {
    const versions = this.versionsOf(expected);
    const encoded = history.entries.map((entry) => ({ entry, name: entryTableName(entry), json: encodeEntry(entry) }));
    for (const { entry, name, json } of encoded) {
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > PARAMETER_VALUE_MAX_BYTES) {
        throw new MigrateError(
          `${entry.script}: its history entry is ${bytes} bytes, over Glue's ${PARAMETER_VALUE_MAX_BYTES}-byte limit for a table parameter (${this.database}.${name}); nothing was written`,
        );
      }
    }
    let maxSeq = Math.max(-1, ...[...this.known.values()].map((k) => k.seq));
    const next: Record<string, string> = {};
    for (const { entry, name, json } of encoded) {
      const prior = versions.tables[name];
      const known = this.known.get(name);
      if (prior !== undefined && known?.json === json) {
        next[name] = prior;
        continue;
      }
      if (known === undefined) maxSeq += 1;
      next[name] = await this.put(name, entry.script, json, known?.seq ?? maxSeq, prior);
    }
    // Runs of a repeatable dropped from the history (only the last few are kept).
    for (const name of Object.keys(versions.tables)) {
      if (next[name] !== undefined) continue;
      await this.glue.send(new DeleteTableCommand({ DatabaseName: this.database, Name: name })).catch((error: unknown) => {
        if (!(error instanceof EntityNotFoundException)) throw error;
      });
      this.known.delete(name);
    }
    if (versions.legacy !== undefined) await this.retireLegacy(versions.legacy);
    return JSON.stringify({ tables: next } satisfies StoredVersions);
  }

  async acquireLock(owner: string, ttlMs: number, now: Date): Promise<LockGrant> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const record: LockRecord = { owner, expiresAt, state: 'held', renewedAt: now.toISOString(), ttlMs };
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
      // SkipArchive: each renewal would otherwise archive a table version, toward Glue's quota per table.
      await this.glue.send(
        new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: table.VersionId, SkipArchive: true }),
      );
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
      await this.glue.send(
        new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: table.VersionId, SkipArchive: true }),
      );
    } catch (error) {
      // Someone took the lock over after it expired: it is theirs now.
      if (!(error instanceof ConcurrentModificationException)) throw error;
    }
  }

  async readLock(): Promise<LockRecord | undefined> {
    const table = await this.getTable(LOCK_TABLE);
    return table ? this.lockOf(table) : undefined;
  }

  /** Creates or CAS-updates one entry table and returns its new VersionId, verified by the write id. */
  private async put(name: string, script: string, json: string, seq: number, prior: string | undefined): Promise<string> {
    const writeId = randomUUID();
    const input = this.tableInput(name, `Schema history entry of ${script.slice(0, 200)} (migrate/). Do not edit.`, {
      [ENTRY_PARAMETER]: json,
      [SEQ_PARAMETER]: String(seq),
      [WRITE_ID_PARAMETER]: writeId,
    });
    try {
      if (prior === undefined) await this.glue.send(new CreateTableCommand({ DatabaseName: this.database, TableInput: input }));
      else
        await this.glue.send(
          new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: prior, SkipArchive: true }),
        );
    } catch (error) {
      if (error instanceof AlreadyExistsException || error instanceof ConcurrentModificationException) {
        throw new HistoryConflictError(
          `${this.database}.${name} (${script}): the history entry changed since version ${prior ?? '(none)'} was read`,
          { cause: error },
        );
      }
      throw error;
    }
    // UpdateTable returns no VersionId: read it back, and trust it only if it is this write's.
    const table = await this.getTable(name);
    if (table?.Parameters?.[WRITE_ID_PARAMETER] !== writeId) {
      throw new HistoryConflictError(
        `${this.database}.${name} (${script}): another writer changed the history entry right after this write (write id ${writeId} not found on read-back)`,
      );
    }
    this.known.set(name, { json, seq });
    return table.VersionId ?? '';
  }

  /** After every entry is in its own table, the old document is emptied (CAS), so it is never read again. */
  private async retireLegacy(version: string): Promise<void> {
    const input = this.tableInput(
      HISTORY_TABLE,
      'Former schema history of the migration runner (migrate/); the history now lives in _schema_history_* tables.',
      {
        [LEGACY_RETIRED_PARAMETER]: `${ENTRY_TABLE_PREFIX}*`,
      },
    );
    try {
      await this.glue.send(
        new UpdateTableCommand({ DatabaseName: this.database, TableInput: input, VersionId: version, SkipArchive: true }),
      );
    } catch (error) {
      if (error instanceof ConcurrentModificationException)
        throw new HistoryConflictError(`${this.database}.${HISTORY_TABLE}: changed while its history was being moved`, { cause: error });
      throw error;
    }
  }

  private versionsOf(expected: HistoryVersion): StoredVersions {
    if (expected === null) return { tables: {} };
    try {
      return JSON.parse(expected) as StoredVersions;
    } catch (error) {
      throw new MigrateError(`history version '${expected.slice(0, 40)}' was not returned by this store`, { cause: error });
    }
  }

  /** `_schema_history` and every `_schema_history_*` table, page by page. */
  private async historyTables(): Promise<Table[]> {
    const tables: Table[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.glue.send(
        new GetTablesCommand({
          DatabaseName: this.database,
          Expression: `${HISTORY_TABLE}.*`,
          MaxResults: PAGE_SIZE,
          NextToken: nextToken,
        }),
      );
      // The expression is a filter on Glue's side; the prefix check keeps a look-alike name out either way.
      tables.push(...(page.TableList ?? []).filter((t) => (t.Name ?? '').startsWith(HISTORY_TABLE)));
      nextToken = page.NextToken;
    } while (nextToken);
    return tables;
  }

  private lockOf(table: Table): LockRecord {
    const json = table.Parameters?.[LOCK_PARAMETER];
    if (json === undefined) throw new MigrateError(`${this.database}.${LOCK_TABLE}: parameter ${LOCK_PARAMETER} is missing`);
    return decodeLock(json, `${this.database}.${LOCK_TABLE}`);
  }

  private tableInput(name: string, description: string, parameters: Record<string, string>): TableInput {
    return {
      Name: name,
      Description: description,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { classification: 'migrate-metadata', ...parameters },
    };
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
