import { UnsupportedSqlError } from './errors';
import { significant, tokenize, unquote, type Token } from './sql-lexer';

/**
 * Parses the DDL this project's migrations use into a structure: the local engine
 * translates it, and the destructive-statement check reads its kind and target.
 * Anything else parses as `other` (Athena runs it; the local engine refuses it).
 */

export interface ColumnDef {
  readonly name: string;
  /** Hive type, lower-case: string, int, bigint, double, boolean, timestamp, date, decimal(p,s) ... */
  readonly type: string;
}

export interface TableName {
  /** Database qualifier as written, lower-case; undefined when unqualified. */
  readonly database?: string;
  readonly table: string;
}

export type ParsedStatement =
  | {
      readonly kind: 'createExternalTable';
      readonly name: TableName;
      readonly ifNotExists: boolean;
      readonly iceberg: boolean;
      readonly columns: readonly ColumnDef[];
      readonly partitions: readonly ColumnDef[];
      readonly serde?: string;
      readonly storedAs?: string;
      readonly location?: string;
      readonly properties: Readonly<Record<string, string>>;
      readonly serdeProperties: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'addColumns'; readonly name: TableName; readonly columns: readonly ColumnDef[] }
  | { readonly kind: 'createView'; readonly name: TableName; readonly orReplace: boolean; readonly select: string }
  | { readonly kind: 'dropTable'; readonly name: TableName; readonly ifExists: boolean }
  | { readonly kind: 'dropView'; readonly name: TableName; readonly ifExists: boolean }
  | { readonly kind: 'dropDatabase'; readonly database: string }
  | { readonly kind: 'setSerdeProperties'; readonly name: TableName; readonly properties: Readonly<Record<string, string>> }
  | { readonly kind: 'alterTable'; readonly name: TableName; readonly action: string }
  | { readonly kind: 'other'; readonly verb: string };

class Cursor {
  private pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly sql: string,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  acceptWords(...words: string[]): boolean {
    if (!words.every((w, i) => this.isWord(w, i))) return false;
    this.pos += words.length;
    return true;
  }

  next(expected: string): Token {
    const t = this.tokens[this.pos];
    if (t === undefined) throw this.error(`expected ${expected} but the statement ended`);
    this.pos += 1;
    return t;
  }

  expectPunct(text: string): void {
    const t = this.next(`'${text}'`);
    if (t.kind !== 'punct' || t.text !== text) throw this.error(`expected '${text}' but found '${t.text}' on line ${t.line}`);
  }

  expectString(what: string): string {
    const t = this.next(what);
    // Hive DDL takes "..." as a string literal too (AWS's own examples quote LOCATION and TBLPROPERTIES that way).
    if (t.kind !== 'string' && t.kind !== 'quoted')
      throw this.error(`expected ${what} as a quoted string but found '${t.text}' on line ${t.line}`);
    return unquote(t);
  }

  identifier(what: string): string {
    const t = this.next(what);
    if (t.kind !== 'word' && t.kind !== 'quoted') throw this.error(`expected ${what} but found '${t.text}' on line ${t.line}`);
    return unquote(t).toLowerCase();
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Source text from the current token to the end of the statement. */
  rest(): string {
    const t = this.peek();
    return t === undefined ? '' : this.sql.slice(t.start).trim();
  }

  error(message: string): UnsupportedSqlError {
    return new UnsupportedSqlError(`${message}: ${snippet(this.sql)}`);
  }
}

/** The statement's start for a message, cut at a word boundary (never mid-word), on one line. */
export function snippet(sql: string, max = 80): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max / 2 ? cut : max)} ...`;
}

export function parseStatement(sql: string): ParsedStatement {
  const c = new Cursor(significant(tokenize(sql)), sql);
  if (c.acceptWords('CREATE', 'EXTERNAL', 'TABLE')) return createTable(c, false);
  if (c.isWord('CREATE') && c.isWord('TABLE', 1) && !/\bAS\s+SELECT\b/i.test(sql)) {
    c.acceptWords('CREATE', 'TABLE');
    return createTable(c, true);
  }
  if (c.acceptWords('CREATE', 'OR', 'REPLACE', 'VIEW')) return createView(c, true);
  if (c.acceptWords('CREATE', 'VIEW')) return createView(c, false);
  if (c.acceptWords('DROP', 'TABLE')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    return { kind: 'dropTable', name: tableName(c), ifExists };
  }
  if (c.acceptWords('DROP', 'VIEW')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    return { kind: 'dropView', name: tableName(c), ifExists };
  }
  if (c.acceptWords('DROP', 'DATABASE') || c.acceptWords('DROP', 'SCHEMA')) {
    c.acceptWords('IF', 'EXISTS');
    return { kind: 'dropDatabase', database: c.identifier('a database name') };
  }
  if (c.acceptWords('ALTER', 'TABLE')) {
    const name = tableName(c);
    if (c.acceptWords('ADD', 'COLUMNS')) return { kind: 'addColumns', name, columns: columnList(c) };
    if (c.acceptWords('SET', 'SERDEPROPERTIES')) {
      const properties: Record<string, string> = {};
      keyValues(c, properties);
      if (c.done()) return { kind: 'setSerdeProperties', name, properties };
      throw c.error('unexpected text after SET SERDEPROPERTIES (...)');
    }
    return { kind: 'alterTable', name, action: c.rest() };
  }
  const first = c.peek();
  return { kind: 'other', verb: first === undefined ? '' : first.text.toUpperCase() };
}

function tableName(c: Cursor): TableName {
  const first = c.identifier('a table name');
  if (c.isPunct('.')) {
    c.expectPunct('.');
    return { database: first, table: c.identifier('a table name') };
  }
  return { table: first };
}

function createView(c: Cursor, orReplace: boolean): ParsedStatement {
  const name = tableName(c);
  const as = c.next('AS');
  if (as.text.toUpperCase() !== 'AS') throw c.error(`expected AS after the view name but found '${as.text}'`);
  return { kind: 'createView', name, orReplace, select: c.rest() };
}

/** `( name type [COMMENT '...'], ... )`; nested types like decimal(10,2) keep their arguments. */
function columnList(c: Cursor): ColumnDef[] {
  c.expectPunct('(');
  const columns: ColumnDef[] = [];
  for (;;) {
    const name = c.identifier('a column name');
    let type = c.identifier(`the type of column ${name}`);
    if (c.isPunct('(') || c.isPunct('<')) {
      const open = c.next('(').text;
      const close = open === '(' ? ')' : '>';
      const parts: string[] = [];
      for (let depth = 1; depth > 0;) {
        const t = c.next(`'${close}'`);
        if (t.text === open) depth += 1;
        if (t.text === close) depth -= 1;
        if (depth > 0) parts.push(t.text.toLowerCase());
      }
      type = `${type}${open}${parts.join('')}${close}`;
    }
    if (c.acceptWords('COMMENT')) c.expectString(`the comment of column ${name}`);
    columns.push({ name, type });
    if (c.isPunct(')')) break;
    c.expectPunct(',');
  }
  c.expectPunct(')');
  return columns;
}

function createTable(c: Cursor, managed: boolean): ParsedStatement {
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = tableName(c);
  const columns = columnList(c);
  let partitions: ColumnDef[] = [];
  let serde: string | undefined;
  let storedAs: string | undefined;
  let location: string | undefined;
  const properties: Record<string, string> = {};
  const serdeProperties: Record<string, string> = {};
  while (!c.done()) {
    if (c.acceptWords('COMMENT')) {
      c.expectString('the table comment');
    } else if (c.acceptWords('PARTITIONED', 'BY')) {
      partitions = columnList(c);
    } else if (c.acceptWords('ROW', 'FORMAT', 'SERDE')) {
      serde = c.expectString('the SerDe class');
      if (c.acceptWords('WITH', 'SERDEPROPERTIES')) keyValues(c, serdeProperties);
    } else if (c.acceptWords('STORED', 'AS', 'INPUTFORMAT')) {
      storedAs = c.expectString('the input format');
      if (c.acceptWords('OUTPUTFORMAT')) c.expectString('the output format');
    } else if (c.acceptWords('STORED', 'AS')) {
      storedAs = c.identifier('a storage format').toUpperCase();
    } else if (c.acceptWords('LOCATION')) {
      location = c.expectString('the location');
    } else if (c.acceptWords('TBLPROPERTIES')) {
      keyValues(c, properties);
    } else {
      const t = c.next('a clause');
      throw c.error(`unsupported clause '${t.text}' on line ${t.line} of CREATE TABLE`);
    }
  }
  const iceberg = (properties.table_type ?? '').toUpperCase() === 'ICEBERG' || (managed && storedAs === undefined && serde === undefined);
  return {
    kind: 'createExternalTable',
    name,
    ifNotExists,
    iceberg,
    columns,
    partitions,
    serde,
    storedAs,
    location,
    properties,
    serdeProperties,
  };
}

function keyValues(c: Cursor, into: Record<string, string>): void {
  c.expectPunct('(');
  for (;;) {
    const key = c.expectString('a property name');
    c.expectPunct('=');
    into[key] = c.expectString(`the value of ${key}`);
    if (c.isPunct(')')) break;
    c.expectPunct(',');
  }
  c.expectPunct(')');
}
