import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { TF_CHECK_EXIT, TfCheckError } from './errors';
import { UNREADABLE_LOCK_GRACE_MS } from './tf-check-defaults';

/** What the lock file holds: who runs, since when. */
interface LockOwner {
  readonly pid: number;
  readonly started: string;
}

/** Whether a process with this id exists (signal 0 checks without signalling; EPERM means it exists). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && Number.isInteger(owner.pid) && owner.pid > 0
      ? { pid: owner.pid, started: String(owner.started ?? '?') }
      : undefined;
  } catch {
    return undefined;
  }
}

function recentlyWritten(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < UNREADABLE_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

/**
 * One tf:check at a time per checkout: every run deletes and rewrites .tf-check/ (plans, scratch
 * copies, summary) and cdktf.out/, so a second run would delete the first one's work under it.
 * Takes `file` exclusively (O_EXCL); a lock left by a process that no longer exists (a run killed
 * with SIGKILL) is taken over. Returns the release function, which removes the file only while
 * it is still this process's. Throws TfCheckError (exit 3) naming the running owner otherwise.
 */
export function acquireRunLock(file: string, isAlive: (pid: number) => boolean = processAlive, pid: number = process.pid): () => void {
  const content = `${JSON.stringify({ pid, started: new Date().toISOString() })}\n`;
  // Two attempts: the second after removing a dead owner's lock (bounded, no loop).
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, content, { flag: 'wx' });
      return () => {
        if (readOwner(file)?.pid === pid) unlinkQuietly(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new TfCheckError(`cannot create the run lock ${file}: ${(error as Error).message}`, TF_CHECK_EXIT.runtime, { cause: error });
    }
    const owner = readOwner(file);
    if (owner === undefined && recentlyWritten(file)) {
      // Created a moment ago and not yet written: another run is taking it right now.
      throw new TfCheckError(
        `another tf:check is starting in this checkout (${file} was just created); wait for it to finish`,
        TF_CHECK_EXIT.failed,
      );
    }
    if (owner !== undefined && owner.pid !== pid && isAlive(owner.pid)) {
      throw new TfCheckError(
        `another tf:check (pid ${owner.pid}, started ${owner.started}) is using this checkout's .tf-check/ and cdktf.out/; wait for it to finish (or, if that process is not a tf:check, delete ${file})`,
        TF_CHECK_EXIT.failed,
      );
    }
    // The owner is gone (or the file is unreadable and old: a run killed while writing it): take over.
    unlinkQuietly(file);
  }
  throw new TfCheckError(`cannot take the run lock ${file}: another process keeps recreating it`, TF_CHECK_EXIT.failed);
}
