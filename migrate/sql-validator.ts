import { createRequire } from 'node:module';
import type { MigrationFile } from './migration-files';
import { significant, tokenize, unquote, type Token } from './sql-lexer';

/**
 * `validate`'s syntax check: every statement of every migration file is parsed
 * before anything runs, with the grammar Athena uses for it: Hive for DDL
 * (CREATE [EXTERNAL] TABLE, ALTER, DROP TABLE/DATABASE, MSCK), Trino for
 * queries, views and CTAS (dt-sql-parser's HiveSQL and TrinoSQL). Iceberg
 * partition transforms (`day(ts)`, `bucket(16, id)`), which the Hive grammar
 * lacks, are checked here and then hidden from it. Athena-only statements with
 * no grammar in either (VACUUM, OPTIMIZE, UNLOAD) are left to Athena.
 *
 * The local engine is deliberately not the validator: it translates only this
 * project's own SQL and would refuse valid Athena DDL.
 *
 * Each problem names the file, the line and column in the file, and shows the
 * whole source line with a caret.
 */

interface SyntaxProblem {
  readonly startLine: number;
  readonly startColumn: number;
  readonly message: string;
}

interface Parser {
  validate(sql: string): SyntaxProblem[];
}

const SKIPPED_VERBS = new Set(['VACUUM', 'OPTIMIZE', 'UNLOAD']);
const TRANSFORMS: Readonly<Record<string, number>> = { year: 1, month: 1, day: 1, hour: 1, bucket: 2, truncate: 2 };

export function validateSqlFiles(files: readonly MigrationFile[]): string[] {
  // Loaded only here, through require: the grammars take seconds to load and no other command needs them, and the
  // package is ES-module syntax with directory imports, which tsx's require hook compiles and Node's ESM loader refuses.
  const { HiveSQL, TrinoSQL } = createRequire(__filename)('dt-sql-parser') as typeof import('dt-sql-parser');
  const hive: Parser = new HiveSQL();
  const trino: Parser = new TrinoSQL();
  const problems: string[] = [];
  for (const file of files) {
    for (const [index, statement] of file.statements.entries()) {
      const text = maskPlaceholders(file.source.slice(statement.start, statement.end));
      const tokens = significant(tokenize(text));
      const verb = tokens[0]?.text.toUpperCase() ?? '';
      if (SKIPPED_VERBS.has(verb) || isIcebergDropColumn(tokens)) continue;
      const at = (line: number, column: number): { line: number; column: number } => ({
        line: statement.line + line - 1,
        column: line === 1 ? statement.column + column - 1 : column,
      });
      const report = (line: number, column: number, message: string): void => {
        const where = at(line, column);
        const sourceLine = file.source.split('\n')[where.line - 1] ?? '';
        problems.push(
          `${file.script}:${where.line}:${where.column}: statement ${index + 1}: ${message}\n    ${sourceLine}\n    ${' '.repeat(Math.max(0, where.column - 1))}^`,
        );
      };
      let checked = text;
      if (isHive(tokens)) {
        const transforms = icebergTransforms(text, tokens);
        if (transforms.problem) {
          report(transforms.problem.line, transforms.problem.column, transforms.problem.message);
          continue;
        }
        checked = transforms.masked;
      }
      const errors = (isHive(tokens) ? hive : trino).validate(checked);
      if (errors.length > 0) report(errors[0].startLine, errors[0].startColumn, errors[0].message);
    }
  }
  return problems;
}

/** `ALTER TABLE t DROP COLUMN c`: Athena's Iceberg DDL, which the Hive grammar lacks; its shape is checked here. */
function isIcebergDropColumn(tokens: readonly Token[]): boolean {
  const words = tokens.map((t) => t.text.toUpperCase());
  const drop = words.indexOf('DROP');
  return (
    words[0] === 'ALTER' &&
    words[1] === 'TABLE' &&
    drop > 2 &&
    words[drop + 1] === 'COLUMN' &&
    tokens.length === drop + 3 &&
    (tokens[drop + 2].kind === 'word' || tokens[drop + 2].kind === 'quoted')
  );
}

/** `${name}` becomes an identifier of the same length, so that every line and column stays where it was. */
function maskPlaceholders(sql: string): string {
  return sql.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m) => `p${'_'.repeat(m.length - 1)}`);
}

/** Hive DDL, not a Trino query, view or CTAS. */
function isHive(tokens: readonly Token[]): boolean {
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const [first, second, third] = words;
  if (['ALTER', 'MSCK', 'DESCRIBE', 'SHOW'].includes(first)) return true;
  if (first === 'DROP') return second !== 'VIEW';
  if (first !== 'CREATE') return false;
  const object = second === 'OR' ? words[3] : second;
  if (object === 'VIEW' || third === 'VIEW') return false;
  if (object !== 'EXTERNAL' && object !== 'TABLE' && object !== 'DATABASE' && object !== 'SCHEMA') return false;
  return !isCtas(tokens);
}

/** A top-level AS that is not `STORED AS` or `NULL DEFINED AS` starts a CTAS query. */
function isCtas(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.text === '(') depth += 1;
    else if (t.text === ')') depth -= 1;
    else if (depth === 0 && t.kind === 'word' && t.text.toUpperCase() === 'AS') {
      const previous = tokens[i - 1]?.text.toUpperCase();
      if (previous !== 'STORED' && previous !== 'DEFINED') return true;
    }
  }
  return false;
}

/**
 * The PARTITIONED BY list of an Iceberg CREATE TABLE: each entry a column or a
 * transform (`day(ts)`, `bucket(16, id)`). Checked here, then blanked out (same
 * length, newlines kept) so that the Hive grammar sees a table without partitions.
 */
function icebergTransforms(
  text: string,
  tokens: readonly Token[],
): { masked: string; problem?: { line: number; column: number; message: string } } {
  const iceberg = tokens.some(
    (t, i) =>
      t.kind === 'string' &&
      unquote(t).toLowerCase() === 'table_type' &&
      tokens[i + 2] !== undefined &&
      unquote(tokens[i + 2]).toUpperCase() === 'ICEBERG',
  );
  const by = tokens.findIndex(
    (t, i) => t.text.toUpperCase() === 'PARTITIONED' && tokens[i + 1]?.text.toUpperCase() === 'BY' && tokens[i + 2]?.text === '(',
  );
  if (!iceberg || by === -1) return { masked: text };
  const open = by + 2;
  let depth = 0;
  let close = -1;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i].text === '(') depth += 1;
    if (tokens[i].text === ')') depth -= 1;
    if (depth === 0) {
      close = i;
      break;
    }
  }
  if (close === -1) return { masked: text, problem: position(text, tokens[open], 'PARTITIONED BY ( is never closed') };
  // Entries between the parentheses, split on top-level commas.
  const entries: Token[][] = [[]];
  depth = 0;
  for (const t of tokens.slice(open + 1, close)) {
    if (t.text === '(') depth += 1;
    if (t.text === ')') depth -= 1;
    if (t.text === ',' && depth === 0) entries.push([]);
    else entries[entries.length - 1].push(t);
  }
  for (const entry of entries) {
    const [name, paren] = entry;
    if (name === undefined) return { masked: text, problem: position(text, tokens[close], 'empty partition entry') };
    if (entry.length === 1 && (name.kind === 'word' || name.kind === 'quoted')) continue;
    const arity = TRANSFORMS[name.text.toLowerCase()];
    const args = entry.slice(2, -1).filter((t) => t.text !== ',');
    if (arity === undefined || paren?.text !== '(' || entry[entry.length - 1].text !== ')' || args.length !== arity) {
      return {
        masked: text,
        problem: position(
          text,
          name,
          `'${entry.map((t) => t.text).join('')}' is not a column or an Iceberg partition transform (year, month, day, hour of a column; bucket(n, column); truncate(n, column))`,
        ),
      };
    }
  }
  const start = tokens[by].start;
  const end = tokens[close].end;
  return { masked: text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end) };
}

function position(text: string, token: Token, message: string): { line: number; column: number; message: string } {
  return { line: token.line, column: token.start - text.lastIndexOf('\n', token.start - 1), message };
}
