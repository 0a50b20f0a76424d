import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../migrate/saved-queries';

/** A temp folder holding a copy of the repository's migrations, so tests may edit files, and the place of a lake not yet created. */
export interface MigrationWorkspace {
  readonly root: string;
  /** `<root>/lake`: created by whatever opens it first. */
  readonly dataDir: string;
  /** `<root>/migrations`: a copy of sql/migrations. */
  readonly migrationsDir: string;
  cleanup(): void;
}

export function migrationWorkspace(prefix: string): MigrationWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const migrationsDir = join(root, 'migrations');
  cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  return { root, dataDir: join(root, 'lake'), migrationsDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
