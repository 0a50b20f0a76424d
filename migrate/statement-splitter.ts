import { SqlSyntaxError } from './errors';
import { tokenize } from './sql-lexer';

/** Athena's limit on the query string of one StartQueryExecution, in bytes. */
export const MAX_QUERY_BYTES = 262_144;

export interface SqlStatement {
  /** The statement without its terminating `;`, comments removed, trimmed. */
  readonly sql: string;
  /** 1-based line of the statement's first token in the file. */
  readonly line: number;
  /** 1-based column of that token. */
  readonly column: number;
  /** Offsets of the statement in the file (its first token to the end of its last), comments inside included. */
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a SQL file into statements on `;` outside strings, quoted identifiers
 * and comments. Comments are dropped from the statement text because Athena's
 * Hive DDL parser rejects some of them (a leading `--` line in particular);
 * empty statements (`;;`, comment-only) are skipped.
 */
export function splitStatements(source: string, maxBytes: number = MAX_QUERY_BYTES): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let parts: string[] = [];
  let firstLine = 0;
  let firstColumn = 0;
  let start = 0;
  let end = 0;
  let hasContent = false;
  const flush = (): void => {
    if (hasContent) {
      const sql = parts.join('').trim();
      const bytes = Buffer.byteLength(sql, 'utf8');
      if (bytes > maxBytes) {
        throw new SqlSyntaxError(`statement on line ${firstLine} is ${bytes} bytes; Athena accepts at most ${maxBytes}`, firstLine);
      }
      statements.push({ sql, line: firstLine, column: firstColumn, start, end });
    }
    parts = [];
    hasContent = false;
  };
  for (const token of tokenize(source)) {
    if (token.kind === 'semicolon') {
      flush();
      continue;
    }
    if (token.kind === 'comment') {
      // A block comment may separate two tokens: keep a space there.
      if (token.text.startsWith('/*')) parts.push(' ');
      continue;
    }
    if (token.kind !== 'space' && !hasContent) {
      hasContent = true;
      firstLine = token.line;
      start = token.start;
      firstColumn = token.start - source.lastIndexOf('\n', token.start - 1);
    }
    if (token.kind !== 'space') end = token.end;
    if (hasContent) parts.push(token.text);
  }
  flush();
  return statements;
}
