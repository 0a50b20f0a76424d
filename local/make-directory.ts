import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(path, { recursive: true })`
 * loops forever where mkdir(2) answers ENOENT although the parent exists (a path
 * under /proc on Linux, Node 20), so `npm run local --data-dir /proc/x` hung with no
 * output. Here each missing level is created once: the work is bounded by the
 * path's depth, and every failure is the system call's own error (ENOENT, ENOTDIR,
 * EACCES, EROFS, ...), for the caller to name.
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      if ((await stat(current)).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir);
    } catch (error) {
      // Another process made it meanwhile: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
