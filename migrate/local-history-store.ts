import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, link, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HistoryConflictError, LockHeldError } from './errors';
import { EMPTY_HISTORY, type SchemaHistory } from './history';
import { decodeHistory, decodeLock, encodeHistory, type LockRecord } from './history-codec';
import { HISTORY_TABLE, LOCK_TABLE, type HistoryStore, type HistoryVersion, type LockGrant } from './history-store';

/** How many old generations of history and lock files are kept for inspection. */
const KEEP_GENERATIONS = 20;

/**
 * History and lock as numbered generations of files under
 * `<dataDir>/catalog/<database>/`. Each write links a fully written temp file to
 * the next generation's name; `link` fails if that name exists, so it is an
 * atomic create-exclusive and two processes really contend, like a Glue
 * `VersionId` compare-and-swap or a `CreateTable` lock.
 */
export class LocalHistoryStore implements HistoryStore {
  private readonly historyDir: string;
  private readonly lockDir: string;

  constructor(dataDir: string, database: string) {
    const root = join(dataDir, 'catalog', database);
    this.historyDir = join(root, HISTORY_TABLE);
    this.lockDir = join(root, LOCK_TABLE);
  }

  async read(): Promise<{ history: SchemaHistory; version: HistoryVersion }> {
    const generation = await latestGeneration(this.historyDir);
    if (generation === null) return { history: EMPTY_HISTORY, version: null };
    const file = join(this.historyDir, fileName(generation));
    return { history: decodeHistory(await readFile(file, 'utf8'), file), version: String(generation) };
  }

  async write(history: SchemaHistory, expected: HistoryVersion): Promise<HistoryVersion> {
    const next = expected === null ? 1 : Number(expected) + 1;
    const created = await createExclusive(this.historyDir, next, encodeHistory(history));
    if (!created) throw new HistoryConflictError(`the schema history changed since version ${expected ?? '(none)'} was read`);
    await prune(this.historyDir, next);
    return String(next);
  }

  async acquireLock(owner: string, ttlMs: number, now: Date): Promise<LockGrant> {
    const generation = await latestGeneration(this.lockDir);
    const current = generation === null ? null : await this.readLockAt(generation);
    if (current && current.state === 'held' && current.owner !== owner && Date.parse(current.expiresAt) > now.getTime()) {
      throw new LockHeldError(current.owner, current.expiresAt);
    }
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const record: LockRecord = { owner, expiresAt, state: 'held', renewedAt: now.toISOString(), ttlMs };
    const next = (generation ?? 0) + 1;
    if (!(await createExclusive(this.lockDir, next, JSON.stringify(record)))) {
      // Someone else created the next generation between our read and write.
      const winner = await this.readLockAt(next);
      throw new LockHeldError(winner.owner, winner.expiresAt);
    }
    await prune(this.lockDir, next);
    const tookOver = current && current.state === 'held' && current.owner !== owner;
    return tookOver ? { owner, expiresAt, tookOverFrom: { owner: current.owner, expiredAt: current.expiresAt } } : { owner, expiresAt };
  }

  async releaseLock(owner: string): Promise<void> {
    const generation = await latestGeneration(this.lockDir);
    if (generation === null) return;
    const current = await this.readLockAt(generation);
    if (current.owner !== owner || current.state !== 'held') return;
    await createExclusive(this.lockDir, generation + 1, JSON.stringify({ ...current, state: 'released' }));
  }

  async readLock(): Promise<LockRecord | undefined> {
    const generation = await latestGeneration(this.lockDir);
    return generation === null ? undefined : this.readLockAt(generation);
  }

  private async readLockAt(generation: number): Promise<LockRecord> {
    const file = join(this.lockDir, fileName(generation));
    return decodeLock(await readFile(file, 'utf8'), file);
  }
}

function fileName(generation: number): string {
  return `${String(generation).padStart(10, '0')}.json`;
}

async function generations(dir: string): Promise<number[]> {
  try {
    return (await readdir(dir)).filter((n) => /^\d{10}\.json$/.test(n)).map((n) => Number(n.slice(0, 10)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function latestGeneration(dir: string): Promise<number | null> {
  const all = await generations(dir);
  return all.length === 0 ? null : Math.max(...all);
}

/** Writes `content` as generation `generation` unless it exists; false when it does. */
async function createExclusive(dir: string, generation: number, content: string): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.tmp-${randomUUID()}`);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, join(dir, fileName(generation)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

async function prune(dir: string, latest: number): Promise<void> {
  for (const generation of await generations(dir)) {
    if (generation <= latest - KEEP_GENERATIONS) await unlink(join(dir, fileName(generation))).catch(() => undefined);
  }
}
