import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError } from './errors';

/** The lock file inside the data directory; `reset` keeps it. */
export const LOCK_FILE = '.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/**
 * An exclusive lock on a local run's data directory, so a second `npm run local` on
 * the same directory refuses at once instead of emptying the first run's files under
 * it. The lock is a file created with O_EXCL (atomic on local file systems) holding
 * the owner's pid; a lock whose process is gone (a run killed with SIGKILL) is stale
 * and taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  public static async acquire(dataDir: string, now: () => number = Date.now): Promise<DataDirLock> {
    const path = join(dataDir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date(now()).toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
        await handle.close();
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readOwner(path);
      if (holder !== undefined && isAlive(holder)) {
        throw new DataDirLockedError(
          `--data-dir ${dataDir}: in use by another local run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); wait for it to finish, or pass another --data-dir; ` +
            `if no local run uses it (a killed run whose pid now belongs to another process, or a run on another host that is gone), delete ${join(dataDir, LOCK_FILE)}`,
        );
      }
      // Stale: its run is gone. Remove it and try once more (a racing run may win; then we refuse above).
      await unlink(path).catch(() => undefined);
    }
    throw new DataDirLockedError(
      `--data-dir ${dataDir}: another local run took the lock at the same moment; wait for it to finish, or pass another --data-dir`,
    );
  }

  public async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, host: String(parsed.host ?? ''), startedAt: String(parsed.startedAt ?? '?') }
      : undefined;
  } catch {
    // Unreadable or half written (its writer died between create and write): stale.
    return undefined;
  }
}

/** Whether the owner still runs. A lock from another host cannot be checked: taken as alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
