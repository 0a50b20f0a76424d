import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError, SqlFileError } from './errors';
import { splitStatements, type SqlStatement } from './statement-splitter';

export type MigrationType = 'versioned' | 'repeatable';

export interface MigrationFile {
  readonly type: MigrationType;
  /** Dotted numeric version (`1`, `2.1`); null for repeatable migrations. */
  readonly version: string | null;
  /** Description from the file name, underscores as spaces. */
  readonly description: string;
  /** File name, e.g. `V1__access_logs_raw.sql`; the key of the history entry. */
  readonly script: string;
  /** SHA-256 of the file with line endings normalized and any BOM removed, hex. */
  readonly checksum: string;
  /** For a file with a BOM: its checksum as recorded before BOMs were ignored. */
  readonly legacyChecksum?: string;
  /** The file's text as split: LF line endings, no BOM. Statement offsets point into it. */
  readonly source: string;
  /** Statements with placeholders unresolved, so the split is the same in every environment. */
  readonly statements: readonly SqlStatement[];
  /** SHA-256 per statement: resume checks that the statements already run are unchanged. */
  readonly statementChecksums: readonly string[];
}

/**
 * Statements per file. With the executions kept per statement and the error
 * message capped (history.ts), a file's history entry stays under Glue's
 * 512,000-byte parameter limit whatever happens to it.
 */
export const MAX_STATEMENTS_PER_FILE = 1000;

const VERSIONED = /^V(\d+(?:\.\d+)*)__([A-Za-z0-9_]+)\.sql$/;
const REPEATABLE = /^R__([A-Za-z0-9_]+)\.sql$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Orders dotted versions numerically: 1 < 2 < 2.1 < 10. Parts are compared as
 * BigInt, so timestamp versions (`20240601120000123`, 17 digits and more, past
 * 2^53) keep their order and never look equal.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(BigInt);
  const pb = b.split('.').map(BigInt);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? 0n;
    const y = pb[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Parses one migration file; `content` is the file's text. */
export function parseMigrationFile(script: string, content: string): MigrationFile {
  // A byte-order mark is an editor's choice, not a change: it is left out of the checksum and the statements.
  const hadBom = content.startsWith('\uFEFF');
  const normalized = (hadBom ? content.slice(1) : content).replace(/\r\n/g, '\n');
  const versioned = VERSIONED.exec(script);
  const repeatable = REPEATABLE.exec(script);
  if (!versioned && !repeatable) {
    throw new SqlFileError(`${script}: expected a name like V<version>__<description>.sql or R__<description>.sql`, script);
  }
  let statements: SqlStatement[];
  try {
    statements = splitStatements(normalized);
  } catch (error) {
    throw new SqlFileError(`${script}: ${(error as Error).message}`, script, { cause: error });
  }
  if (statements.length === 0) throw new SqlFileError(`${script}: contains no statement`, script);
  if (statements.length > MAX_STATEMENTS_PER_FILE) {
    throw new SqlFileError(
      `${script}: has ${statements.length} statements; at most ${MAX_STATEMENTS_PER_FILE} per file, so that its history entry fits one Glue table parameter; split it`,
      script,
    );
  }
  const describe = (raw: string): string => raw.replace(/_/g, ' ');
  return {
    type: versioned ? 'versioned' : 'repeatable',
    version: versioned ? versioned[1] : null,
    description: describe(versioned ? versioned[2] : (repeatable as RegExpExecArray)[1]),
    script,
    checksum: sha256(normalized),
    source: normalized,
    // Before BOMs were ignored, a file's checksum included its BOM: an entry applied then still matches.
    legacyChecksum: hadBom ? sha256(`\uFEFF${normalized}`) : undefined,
    statements,
    statementChecksums: statements.map((s) => sha256(s.sql)),
  };
}

/**
 * Loads `dir`: versioned files by version, then repeatable ones by name (they run
 * after the versioned ones, whenever their checksum changes). Two files with the
 * same version are an error naming both.
 */
export function loadMigrations(dir: string): MigrationFile[] {
  let all: string[];
  try {
    all = readdirSync(dir);
  } catch (error) {
    throw new MigrateError(`cannot read the migrations directory ${dir}: ${(error as Error).message}`, { cause: error });
  }
  // `V5__x.SQL` would otherwise be skipped without a word, and never applied.
  const miscased = all.filter((n) => /\.sql$/i.test(n) && !n.endsWith('.sql'));
  if (miscased.length > 0) {
    throw new SqlFileError(
      `${miscased.join(', ')}: migration files must end in lower-case .sql; rename ${miscased.length === 1 ? 'it' : 'them'}`,
      miscased[0],
    );
  }
  const names = all.filter((n) => n.endsWith('.sql'));
  const files = names.map((name) => parseMigrationFile(name, readMigration(dir, name)));
  const versioned = files.filter((f) => f.type === 'versioned').sort((a, b) => compareVersions(a.version ?? '0', b.version ?? '0'));
  for (let i = 1; i < versioned.length; i += 1) {
    if (compareVersions(versioned[i - 1].version ?? '0', versioned[i].version ?? '0') === 0) {
      throw new SqlFileError(
        `${versioned[i].script}: version ${versioned[i].version} is also used by ${versioned[i - 1].script}`,
        versioned[i].script,
      );
    }
  }
  const repeatable = files.filter((f) => f.type === 'repeatable').sort((a, b) => a.script.localeCompare(b.script));
  return [...versioned, ...repeatable];
}

/**
 * Reads one migration file. A folder or a dangling link named like a migration
 * (a `V9__old.sql/` folder, an editor's lock link renamed) is named in the
 * error, not left as a bare EISDIR or ENOENT.
 */
function readMigration(dir: string, name: string): string {
  const path = join(dir, name);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new MigrateError(`${name}: cannot read it in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (!isFile) throw new SqlFileError(`${name}: is not a regular file; a migration must be a .sql file in ${dir}`, name);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new MigrateError(`${name}: cannot read it in ${dir}: ${(error as Error).message}`, { cause: error });
  }
}
