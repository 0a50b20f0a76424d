import type { EnvironmentConfig } from '../config/environment';
import type { DatasetDeclaration } from '../datasets/dataset';
import { LocalEngine } from './local-engine';
import { LocalHistoryStore } from './local-history-store';
import { loadMigrations } from './migration-files';
import { MigrationRunner, type ApplyResult } from './migration-runner';
import { MIGRATIONS_DIR } from './saved-queries';
import { findEnvironment } from '../config/environment-lookup';
import { environments, resolveMigrationTarget } from './target';

/**
 * Library API of the migration runner, for the local data-plane run and tests:
 *
 *   const engine = await createLocalEngine({ dataDir: '.local', env: 'dev' });
 *   await applyMigrations(engine);
 *   const rows = await runSavedQuery(engine, 'access_logs_error_rate_per_minute');
 *   await engine.close();
 */

export interface LocalEngineOptions {
  /** Root of the local lake (`<dataDir>/s3/<bucket>/<key>`, catalog under `<dataDir>/catalog`). */
  readonly dataDir: string;
  /** Environment name from config/environments.ts, or a parsed config. */
  readonly env: string | EnvironmentConfig;
  /** Extra or replaced placeholder values. @default none */
  readonly placeholders?: Readonly<Record<string, string>>;
  /** @default DATASETS */
  readonly datasets?: readonly DatasetDeclaration[];
  /** The clock `current_timestamp` and `now()` read, epoch ms (tests only). @default DuckDB's wall clock */
  readonly now?: () => number;
}

export async function createLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
  const env = typeof options.env === 'string' ? findEnvironment(options.env, environments()) : options.env;
  return LocalEngine.open({
    dataDir: options.dataDir,
    target: resolveMigrationTarget(env, options.placeholders),
    datasets: options.datasets,
    now: options.now,
  });
}

export interface ApplyOptions {
  /** @default the repository's sql/migrations */
  readonly migrationsDir?: string;
  /** Files or `file:statement` whose destructive statements may run. @default none */
  readonly allowDestructive?: readonly string[];
  readonly log?: (line: string) => void;
}

/** The runner over a local engine, with the history in the engine's data dir. */
export function localRunner(engine: LocalEngine, options: ApplyOptions = {}): MigrationRunner {
  return new MigrationRunner({
    engine,
    store: new LocalHistoryStore(engine.dataDir, engine.target.database),
    migrations: loadMigrations(options.migrationsDir ?? MIGRATIONS_DIR),
    allowDestructive: options.allowDestructive,
    log: options.log,
  });
}

/** Applies the pending migrations on the local engine (a no-op when none are pending). */
export async function applyMigrations(engine: LocalEngine, options: ApplyOptions = {}): Promise<ApplyResult> {
  return localRunner(engine, options).apply();
}

export { LocalEngine } from './local-engine';
export { AthenaEngine } from './athena-engine';
export { MigrationRunner } from './migration-runner';
export { listSavedQueries, runSavedQuery, findSavedQuery } from './saved-queries';
export { processedTableDefinition } from './local-tables';
export { resolveMigrationTarget } from './target';
export type { SavedQuery } from './saved-queries';
export type { ApplyResult, StatusRow, PlannedMigration } from './migration-runner';
export type { ResultRow } from './query-engine';
