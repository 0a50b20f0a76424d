import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqlFileError, UnknownQueryError } from './errors';
import { resolvePlaceholders } from './placeholders';
import type { QueryEngine, ResultRow } from './query-engine';
import { splitStatements } from './statement-splitter';

/** The repository's `sql/` folder. */
export const SQL_DIR = join(__dirname, '..', 'sql');
export const MIGRATIONS_DIR = join(SQL_DIR, 'migrations');
export const QUERIES_DIR = join(SQL_DIR, 'queries');

export interface SavedQuery {
  /** File name without `.sql`; the Athena named query's name. */
  readonly name: string;
  /** The header comment: what the query answers. */
  readonly description: string;
  /** The one statement, placeholders unresolved. */
  readonly sql: string;
  readonly file: string;
}

/** Parses a saved query file: a leading `--` header comment, then exactly one statement. */
export function parseSavedQuery(file: string, content: string): SavedQuery {
  const name = file.replace(/\.sql$/, '');
  if (!/^[a-z][a-z0-9_]{0,127}$/.test(name))
    throw new SqlFileError(`${file}: expected a snake_case file name (the named query's name)`, file);
  const header: string[] = [];
  for (const line of content.replace(/\r\n/g, '\n').split('\n')) {
    const match = /^\s*--\s?(.*)$/.exec(line);
    if (!match) break;
    if (match[1].trim() !== '') header.push(match[1].trim());
  }
  if (header.length === 0) throw new SqlFileError(`${file}: expected a header comment (-- ...) saying what the query answers`, file);
  const statements = splitStatements(content);
  if (statements.length !== 1) throw new SqlFileError(`${file}: expected exactly one statement, found ${statements.length}`, file);
  return { name, description: header.join(' '), sql: statements[0].sql, file };
}

/** Every saved query in `dir`, by name. */
export function listSavedQueries(dir: string = QUERIES_DIR): SavedQuery[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort()
    .map((n) => parseSavedQuery(n, readFileSync(join(dir, n), 'utf8')));
}

export function findSavedQuery(name: string, dir: string = QUERIES_DIR): SavedQuery {
  const all = listSavedQueries(dir);
  const found = all.find((q) => q.name === name);
  if (!found) throw new UnknownQueryError(`unknown saved query '${name}'; expected one of: ${all.map((q) => q.name).join(', ')}`);
  return found;
}

/** Runs a saved query (placeholders resolved for the target) and returns its rows. */
export async function runSavedQuery(engine: QueryEngine, name: string, dir: string = QUERIES_DIR): Promise<ResultRow[]> {
  const query = findSavedQuery(name, dir);
  return engine.query(resolvePlaceholders(query.sql, engine.target.placeholders, query.file));
}
