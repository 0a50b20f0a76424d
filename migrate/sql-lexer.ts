import { SqlSyntaxError } from './errors';

/**
 * A small SQL lexer for the Athena (Trino/Hive) dialect. It exists so that
 * statement splitting and DDL parsing never mistake a `;`, `--` or quote inside a
 * string, quoted identifier or comment for syntax.
 */

export type TokenKind = 'word' | 'number' | 'string' | 'quoted' | 'punct' | 'semicolon' | 'comment' | 'space';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token, quotes included. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** 1-based line where the token starts. */
  readonly line: number;
  /** A string in a Hive DDL statement, where `\\` escapes the next character. */
  readonly hiveEscapes?: boolean;
}

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/**
 * Statements Athena parses with its Hive DDL grammar, where a backslash escapes
 * the next character inside a string (`'it\'s'`). Queries, views and CTAS go to
 * Trino, where a backslash is an ordinary character.
 */
const HIVE_FIRST_WORDS = new Set(['ALTER', 'DROP', 'MSCK', 'DESCRIBE', 'DESC', 'SHOW']);
const HIVE_CREATE_OBJECTS = new Set(['EXTERNAL', 'TABLE', 'DATABASE', 'SCHEMA']);

/** Which grammar the current statement is in, from its first words; CTAS returns to Trino at its top-level AS. */
class DialectTracker {
  private words: string[] = [];
  private depth = 0;
  private hive = false;
  private previous = '';

  get hiveEscapes(): boolean {
    return this.hive;
  }

  see(token: Token): void {
    if (token.kind === 'semicolon') {
      this.words = [];
      this.depth = 0;
      this.hive = false;
      this.previous = '';
      return;
    }
    if (token.kind === 'punct') {
      if (token.text === '(') this.depth += 1;
      if (token.text === ')') this.depth -= 1;
      return;
    }
    if (token.kind !== 'word') return;
    const word = token.text.toUpperCase();
    const previous = this.previous;
    this.previous = word;
    if (this.words.length < 3) {
      this.words.push(word);
      const [first, second, third] = this.words;
      if (this.words.length === 1) this.hive = HIVE_FIRST_WORDS.has(first);
      else if (first === 'CREATE' && this.words.length === 2) this.hive = HIVE_CREATE_OBJECTS.has(second);
      else if (first === 'CREATE' && second === 'OR' && third !== undefined) this.hive = HIVE_CREATE_OBJECTS.has(third);
      return;
    }
    // `STORED AS` and `NULL DEFINED AS` are Hive clauses; any other top-level AS starts a CTAS query.
    if (this.hive && this.words[0] === 'CREATE' && word === 'AS' && this.depth === 0 && previous !== 'STORED' && previous !== 'DEFINED')
      this.hive = false;
  }
}

/**
 * Splits `source` into tokens; throws `SqlSyntaxError` on an unterminated string,
 * identifier, block comment or `${`.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const dialect = new DialectTracker();
  let pos = 0;
  let line = 1;
  const push = (kind: TokenKind, end: number, hiveEscapes = false): void => {
    const text = source.slice(pos, end);
    const token: Token = hiveEscapes ? { kind, text, start: pos, end, line, hiveEscapes } : { kind, text, start: pos, end, line };
    tokens.push(token);
    dialect.see(token);
    for (const ch of text) if (ch === '\n') line += 1;
    pos = end;
  };
  while (pos < source.length) {
    const ch = source[pos];
    const next = source[pos + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      const escapes = ch !== '`' && dialect.hiveEscapes;
      push(ch === "'" ? 'string' : 'quoted', closingQuote(source, pos, ch, line, escapes), escapes);
    } else if (ch === '-' && next === '-') {
      const nl = source.indexOf('\n', pos);
      push('comment', nl === -1 ? source.length : nl);
    } else if (ch === '/' && next === '*') {
      const close = source.indexOf('*/', pos + 2);
      if (close === -1) throw new SqlSyntaxError(`unterminated /* comment starting on line ${line}`, line);
      push('comment', close + 2);
    } else if (/\s/.test(ch)) {
      let end = pos + 1;
      while (end < source.length && /\s/.test(source[end])) end += 1;
      push('space', end);
    } else if (ch === ';') {
      push('semicolon', pos + 1);
    } else if (WORD_START.test(ch) && !(ch === '$' && next === '{')) {
      let end = pos + 1;
      while (end < source.length && WORD_PART.test(source[end])) end += 1;
      push('word', end);
    } else if (ch === '$' && next === '{') {
      // A `${placeholder}` is one word so that it survives splitting intact; a `${` that does not close
      // on a name would otherwise swallow the text up to the next `}`, statements included.
      const placeholder = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(source.slice(pos, pos + 200));
      if (!placeholder)
        throw new SqlSyntaxError(`unterminated \${ on line ${line}: expected \${name} with a name of letters, digits and _`, line);
      push('word', pos + placeholder[0].length);
    } else if (DIGIT.test(ch) || (ch === '.' && next !== undefined && DIGIT.test(next))) {
      let end = pos + 1;
      while (end < source.length && /[0-9.eE]/.test(source[end])) end += 1;
      push('number', end);
    } else {
      push('punct', pos + 1);
    }
  }
  return tokens;
}

/** End offset (exclusive) of a quoted run; a doubled quote is an escaped one, and with Hive escapes so is a backslashed one. */
function closingQuote(source: string, start: number, quote: string, line: number, hiveEscapes: boolean): number {
  let pos = start + 1;
  while (pos < source.length) {
    if (hiveEscapes && source[pos] === '\\') {
      pos += 2;
      continue;
    }
    if (source[pos] === quote) {
      if (source[pos + 1] === quote) {
        pos += 2;
        continue;
      }
      return pos + 1;
    }
    pos += 1;
  }
  const what = quote === "'" ? 'string' : 'quoted identifier';
  throw new SqlSyntaxError(`unterminated ${what} starting on line ${line}`, line);
}

/** Tokens that carry meaning: no whitespace, no comments. */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

/** The value of a quoted identifier or string token without its quotes and escapes. */
export function unquote(token: Token): string {
  if (token.kind !== 'string' && token.kind !== 'quoted') return token.text;
  const quote = token.text[0];
  const body = token.text
    .slice(1, -1)
    .split(quote + quote)
    .join(quote);
  if (token.hiveEscapes !== true) return body;
  const named: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  return body.replace(/\\(.)/gs, (_m, ch: string) => named[ch] ?? ch);
}
