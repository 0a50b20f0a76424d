import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DataDirLock, LOCK_FILE } from './data-dir-lock';
import { DataDirError, LocalOptionError } from './errors';
import { makeDirectory } from './make-directory';

/** Written into the data directory, so a later run knows it may empty it. */
const MARKER = '.local-run';

/**
 * What `npm run migrate -- apply --engine local` writes into a data directory (its
 * catalog and history). A local run adopts such a directory: it applies the same
 * migrations itself, so nothing of value is lost by emptying it.
 */
const MIGRATE_ENTRIES: ReadonlySet<string> = new Set(['catalog']);

/**
 * The local stand-in for S3: object `s3://<bucket>/<key>` is the file
 * `<dataDir>/s3/<bucket>/<key>` (docs/architecture.md, "Storage layout").
 */
export class LocalLake {
  public readonly dataDir: string;

  public constructor(dataDir: string) {
    this.dataDir = resolve(dataDir);
  }

  public bucketDir(bucket: string): string {
    return join(this.dataDir, 's3', bucket);
  }

  public objectPath(bucket: string, key: string): string {
    const path = join(this.bucketDir(bucket), ...key.split('/'));
    // A key with `..` would escape the bucket; S3 keys never resolve like that.
    if (!path.startsWith(this.bucketDir(bucket) + sep))
      throw new DataDirError(`object key '${key}': expected a key inside bucket ${bucket}`);
    return path;
  }

  /** Writes an object atomically (temp file + rename): readers never see half an object. */
  public async putObject(bucket: string, key: string, body: string | Uint8Array): Promise<string> {
    const path = this.objectPath(bucket, key);
    await mkdir(dirname(path), { recursive: true });
    const temp = join(this.dataDir, 'tmp', `${randomUUID()}.part`);
    await mkdir(dirname(temp), { recursive: true });
    await writeFile(temp, body);
    await rename(temp, path);
    return path;
  }

  /** Keys under `prefix` in a bucket, sorted. */
  public async listKeys(bucket: string, prefix = ''): Promise<string[]> {
    const root = this.bucketDir(bucket);
    const start = join(root, ...prefix.split('/').filter((p) => p.length > 0));
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else keys.push(relative(root, full).split(sep).join('/'));
      }
    };
    await walk(start);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  /** A scratch directory for files that are not objects (DuckDB input, for instance). */
  public tempDir(): string {
    return join(this.dataDir, 'tmp');
  }

  /**
   * Locks the data directory and empties it for a fresh run; release the lock when
   * the run ends. Refuses a non-empty directory that no earlier run created (so a
   * mistyped `--data-dir` never deletes a project), except one holding only the
   * catalog of `migrate --engine local`, which the run adopts. Refuses a directory
   * another run holds (its lock), instead of emptying it under that run.
   */
  public async reset(): Promise<DataDirLock> {
    let entries: string[] = [];
    try {
      if (!(await stat(this.dataDir)).isDirectory())
        throw new DataDirError(`--data-dir ${this.dataDir}: expected a directory; pass a directory path`);
      entries = await readdir(this.dataDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unusableDataDir(this.dataDir, error);
    }
    const adoptable = entries.every((e) => MIGRATE_ENTRIES.has(e) || e === LOCK_FILE);
    if (entries.length > 0 && !entries.includes(MARKER) && !adoptable) {
      const sample = entries
        .filter((e) => !MIGRATE_ENTRIES.has(e))
        .slice(0, 3)
        .join(', ');
      throw new DataDirError(
        `--data-dir ${this.dataDir}: holds files no local run created (${sample}; no ${MARKER} file), and a run empties its directory; ` +
          `pass another --data-dir (e.g. --data-dir .local-run-2), or empty this one yourself if nothing in it is needed`,
      );
    }
    let lock: DataDirLock;
    try {
      await makeDirectory(this.dataDir);
      lock = await DataDirLock.acquire(this.dataDir);
    } catch (error) {
      throw unusableDataDir(this.dataDir, error);
    }
    try {
      for (const entry of entries) if (entry !== LOCK_FILE) await rm(join(this.dataDir, entry), { recursive: true, force: true });
      await writeFile(join(this.dataDir, MARKER), 'Created by `npm run local`; emptied at the start of every run.\n');
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }
}

/** A system call on the data directory failed (ENOTDIR, EACCES, EROFS, ...): a usage error naming --data-dir; the run's own refusals pass through. */
function unusableDataDir(dataDir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !(error instanceof Error)) return error;
  return new LocalOptionError(
    'dataDir',
    `${dataDir} cannot be used (${error.message}); expected a directory this user can create and write`,
    { cause: error },
  );
}
