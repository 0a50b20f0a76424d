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
}

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/** Splits `source` into tokens; throws `SqlSyntaxError` on an unterminated string, identifier or block comment. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  const push = (kind: TokenKind, end: number): void => {
    const text = source.slice(pos, end);
    tokens.push({ kind, text, start: pos, end, line });
    for (const ch of text) if (ch === '\n') line += 1;
    pos = end;
  };
  while (pos < source.length) {
    const ch = source[pos];
    const next = source[pos + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      push(ch === "'" ? 'string' : 'quoted', closingQuote(source, pos, ch, line));
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
      // A `${placeholder}` is one word so that it survives splitting intact.
      const close = source.indexOf('}', pos);
      push('word', close === -1 ? pos + 2 : close + 1);
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

/** End offset (exclusive) of a quoted run; a doubled quote is an escaped one. */
function closingQuote(source: string, start: number, quote: string, line: number): number {
  let pos = start + 1;
  while (pos < source.length) {
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
  return token.text.slice(1, -1).split(quote + quote).join(quote);
}
