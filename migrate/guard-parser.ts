import { significant, tokenize, unquote, type Token } from './sql-lexer';

/**
 * What the destructive-statement guard needs to know about a statement: the
 * table it changes and whether it can lose or hide data. It reads only the
 * statement's head and its top-level keywords, so it accepts any Athena SQL
 * (Hive DDL with every clause, Iceberg partition transforms, CTAS with WITH,
 * double-quoted values) and never refuses a statement for its grammar. The full
 * DDL parser (`ddl-parser.ts`) stays the local engine's, which translates only
 * our own subset.
 */

export interface QualifiedName {
  /** Database qualifier, lower-case, unquoted; undefined when unqualified. */
  readonly database?: string;
  readonly table: string;
}

/**
 * - `always`: loses or hides data whatever the table holds;
 * - `if-data`: destroys data only if the table is Iceberg or holds objects (DROP TABLE);
 * - `none`: keeps every row readable.
 */
export type Destructiveness = 'always' | 'if-data' | 'none';

export interface GuardStatement {
  /** e.g. `DROP TABLE`, `ALTER TABLE ... REPLACE COLUMNS`, `MSCK REPAIR TABLE`. */
  readonly action: string;
  /** The table or view the statement changes. */
  readonly table?: QualifiedName;
  /** The database a DROP DATABASE drops. */
  readonly database?: string;
  /** Another table the statement names that must not be Terraform's: the new name of a RENAME TO. */
  readonly renamedTo?: QualifiedName;
  readonly destructive: Destructiveness;
  /** Why it loses or hides data, for the refusal message. */
  readonly reason?: string;
}

class Head {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  word(offset = 0): string | undefined {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.kind === 'word' ? t.text.toUpperCase() : undefined;
  }

  accept(...words: string[]): boolean {
    if (!words.every((w, i) => this.word(i) === w)) return false;
    this.pos += words.length;
    return true;
  }

  /** `name`, `db.name`, `"db"."name"`, `` `db`.`name` `` or `` `db.name` ``. */
  name(): QualifiedName | undefined {
    const first = this.part();
    if (first === undefined) return undefined;
    const dot = this.tokens[this.pos];
    if (dot !== undefined && dot.kind === 'punct' && dot.text === '.') {
      this.pos += 1;
      const second = this.part();
      if (second !== undefined) return { database: first, table: second };
    }
    // One quoted identifier holding `db.table`: Hive reads it as qualified, so the guard does too.
    const split = first.indexOf('.');
    return split > 0 ? { database: first.slice(0, split), table: first.slice(split + 1) } : { table: first };
  }

  /** Upper-case words outside parentheses from here to the end. */
  topLevelWords(): string[] {
    const words: string[] = [];
    let depth = 0;
    for (const t of this.tokens.slice(this.pos)) {
      if (t.kind === 'punct' && t.text === '(') depth += 1;
      else if (t.kind === 'punct' && t.text === ')') depth -= 1;
      else if (t.kind === 'word' && depth === 0) words.push(t.text.toUpperCase());
    }
    return words;
  }

  /** The tokens from here to the end, as a statement of their own. */
  rest(): readonly Token[] {
    return this.tokens.slice(this.pos);
  }

  /** Skips one parenthesized group, such as EXPLAIN's `(FORMAT JSON)` options. */
  skipParens(): void {
    const open = this.tokens[this.pos];
    if (open === undefined || open.kind !== 'punct' || open.text !== '(') return;
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos];
      this.pos += 1;
      if (t.kind === 'punct' && t.text === '(') depth += 1;
      if (t.kind === 'punct' && t.text === ')') depth -= 1;
      if (depth === 0) return;
    }
  }

  /** Every upper-case word from here to the end. */
  allWords(): string[] {
    return this.tokens.slice(this.pos).flatMap((t) => (t.kind === 'word' ? [t.text.toUpperCase()] : []));
  }

  /** Moves past one token. */
  skip(): void {
    this.pos += 1;
  }

  private part(): string | undefined {
    const t = this.tokens[this.pos];
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'quoted')) return undefined;
    this.pos += 1;
    return unquote(t).toLowerCase();
  }
}

function follows(words: readonly string[], ...sequence: string[]): boolean {
  return words.some((_, i) => sequence.every((w, j) => words[i + j] === w));
}

/** Classifies one statement (placeholders resolved) for the guard. */
export function classifyStatement(sql: string): GuardStatement {
  return classifyTokens(significant(tokenize(sql)));
}

function classifyTokens(tokens: readonly Token[]): GuardStatement {
  const h = new Head(tokens);
  // `PREPARE p FROM <statement>` stores the statement for any later EXECUTE, and
  // `EXPLAIN ANALYZE <statement>` runs it: both are judged as the statement they wrap.
  if (h.accept('PREPARE')) {
    h.name();
    if (h.accept('FROM')) return wrapped('PREPARE ... FROM', classifyTokens(h.rest()));
    return { action: 'PREPARE', destructive: 'none' };
  }
  if (h.accept('EXPLAIN', 'ANALYZE')) {
    h.accept('VERBOSE');
    h.skipParens();
    return wrapped('EXPLAIN ANALYZE', classifyTokens(h.rest()));
  }
  // A prepared statement lives in the workgroup, outside the migration files: the guard cannot read what it does.
  if (h.accept('EXECUTE')) return { action: 'EXECUTE', destructive: 'always', reason: 'runs a prepared statement the guard cannot read' };
  if (h.accept('DROP', 'DATABASE') || h.accept('DROP', 'SCHEMA')) {
    h.accept('IF', 'EXISTS');
    return { action: 'DROP DATABASE', database: h.name()?.table, destructive: 'always', reason: 'drops every table in it' };
  }
  if (h.accept('DROP', 'TABLE')) {
    h.accept('IF', 'EXISTS');
    return { action: 'DROP TABLE', table: h.name(), destructive: 'if-data' };
  }
  if (h.accept('DROP', 'VIEW')) {
    h.accept('IF', 'EXISTS');
    return { action: 'DROP VIEW', table: h.name(), destructive: 'none' };
  }
  if (h.accept('CREATE')) {
    h.accept('OR', 'REPLACE');
    const view = h.accept('VIEW');
    if (!view) {
      h.accept('EXTERNAL');
      if (!h.accept('TABLE')) return { action: 'CREATE', destructive: 'none' };
    }
    h.accept('IF', 'NOT', 'EXISTS');
    return { action: view ? 'CREATE VIEW' : 'CREATE TABLE', table: h.name(), destructive: 'none' };
  }
  if (h.accept('ALTER', 'TABLE')) return alterTable(h);
  if (h.accept('MSCK', 'REPAIR', 'TABLE')) return { action: 'MSCK REPAIR TABLE', table: h.name(), destructive: 'none' };
  if (h.accept('DELETE', 'FROM')) return { action: 'DELETE', table: h.name(), destructive: 'always', reason: 'deletes rows' };
  if (h.accept('TRUNCATE')) {
    h.accept('TABLE');
    return { action: 'TRUNCATE', table: h.name(), destructive: 'always', reason: 'deletes every row' };
  }
  if (h.accept('UPDATE')) return { action: 'UPDATE', table: h.name(), destructive: 'always', reason: 'overwrites values' };
  if (h.accept('MERGE', 'INTO')) {
    const table = h.name();
    const words = h.allWords();
    if (follows(words, 'THEN', 'DELETE'))
      return { action: 'MERGE ... THEN DELETE', table, destructive: 'always', reason: 'deletes the matched rows' };
    if (follows(words, 'THEN', 'UPDATE'))
      return { action: 'MERGE ... THEN UPDATE', table, destructive: 'always', reason: 'overwrites the matched rows' };
    return { action: 'MERGE', table, destructive: 'none' };
  }
  if (h.accept('VACUUM'))
    return {
      action: 'VACUUM',
      table: h.name(),
      destructive: 'always',
      reason: 'expires snapshots and deletes the files only they reference',
    };
  if (h.accept('INSERT', 'OVERWRITE')) {
    h.accept('TABLE');
    return { action: 'INSERT OVERWRITE', table: h.name(), destructive: 'always', reason: 'replaces the rows' };
  }
  if (h.accept('INSERT', 'INTO')) return { action: 'INSERT INTO', table: h.name(), destructive: 'none' };
  if (h.accept('OPTIMIZE')) return { action: 'OPTIMIZE', table: h.name(), destructive: 'none' };
  return { action: h.word() ?? '(empty)', destructive: 'none' };
}

function wrapped(prefix: string, inner: GuardStatement): GuardStatement {
  return { ...inner, action: `${prefix} ${inner.action}` };
}

function alterTable(h: Head): GuardStatement {
  const table = h.name();
  const all = h.topLevelWords();
  // `ALTER TABLE t PARTITION (spec) CHANGE ...`: the partition spec is in parentheses, so the action is the word after PARTITION.
  const words = all[0] === 'PARTITION' ? all.slice(1) : all;
  if (words[0] === 'RENAME' && words[1] === 'TO') {
    const after = new Head(h.rest());
    while (after.word() !== undefined && !(after.word() === 'RENAME' && after.word(1) === 'TO')) after.skip();
    after.accept('RENAME', 'TO');
    return { action: 'ALTER TABLE ... RENAME TO', table, renamedTo: after.name(), destructive: 'none' };
  }
  const at = (action: string, reason: string): GuardStatement => ({
    action: `ALTER TABLE ... ${action}`,
    table,
    destructive: 'always',
    reason,
  });
  if (follows(words, 'REPLACE', 'COLUMNS')) return at('REPLACE COLUMNS', 'removes every column it does not list');
  if (follows(words, 'DROP', 'PARTITION') || follows(words, 'DROP', 'IF', 'EXISTS', 'PARTITION'))
    return at('DROP PARTITION', 'hides the partition from every query');
  if (words[0] === 'DROP') return at('DROP COLUMN', 'removes the column (on Iceberg tables, its data)');
  if (words[0] === 'CHANGE') return at('CHANGE COLUMN', 'renames or retypes a column, which hides the values written under the old one');
  if (follows(words, 'SET', 'LOCATION')) return at('SET LOCATION', 'points the table (or partition) away from the data it reads now');
  return { action: `ALTER TABLE ... ${words.slice(0, 2).join(' ')}`.trim(), table, destructive: 'none' };
}
