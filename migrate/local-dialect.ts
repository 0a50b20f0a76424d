import { UnsupportedSqlError } from './errors';
import { significant, tokenize, unquote, type Token } from './sql-lexer';

/**
 * What the local engine translates from Athena (Trino/Hive) SQL to DuckDB. The
 * list is deliberately the project's SQL and no more: anything outside it fails
 * with a message naming the construct, instead of running with other semantics.
 */

/** Hive column types of the DDL and their DuckDB spelling. */
const HIVE_TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

export function duckdbType(hiveType: string, column: string): string {
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(hiveType);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  const mapped = HIVE_TYPES[hiveType];
  if (mapped === undefined) {
    throw new UnsupportedSqlError(
      `column ${column}: the local engine does not translate the type '${hiveType}'; supported: ${[...Object.keys(HIVE_TYPES), 'decimal(p,s)'].join(', ')}`,
    );
  }
  return mapped;
}

/** Whitespace that Trino's trim, ltrim and rtrim remove (DuckDB's remove spaces only). */
const WHITESPACE = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

/**
 * Trino functions the local engine provides as DuckDB macros with the same
 * meaning for the arguments the project uses. The session time zone is UTC, so
 * `CAST(<timestamp with time zone> AS timestamp)` gives UTC wall time as in Athena.
 * A macro may shadow a DuckDB built-in of the same name whose meaning differs;
 * it reaches the built-in as `system.main.<name>`. Every one is tested against
 * the examples of Trino's function documentation (__tests__/migrate/local-dialect.test.ts).
 */
export const TRINO_MACROS: readonly string[] = [
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
  // Only %Y %m %d %H are used; they mean the same in MySQL-style and strftime formats.
  'CREATE OR REPLACE MACRO date_format(ts, fmt) AS strftime(ts, fmt)',
  // Trino returns NULL when nothing matches; DuckDB returns ''.
  'CREATE OR REPLACE MACRO regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p) END, ' +
    '(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p, g) END',
  'CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // Trino returns NULL past the last field; DuckDB returns ''.
  'CREATE OR REPLACE MACRO split_part(s, d, i) AS CASE WHEN i > len(string_split(s, d)) THEN NULL ELSE system.main.split_part(s, d, i) END',
  // NULL for objects, arrays and text that is not JSON, as in Trino.
  "CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS CASE WHEN NOT json_valid(j) OR json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  'CREATE OR REPLACE MACRO from_unixtime(u) AS to_timestamp(u)',
  'CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts)',
  'CREATE OR REPLACE MACRO date_add(unit, v, ts) AS CASE lower(unit) ' +
    "WHEN 'millisecond' THEN ts + to_milliseconds(v) WHEN 'second' THEN ts + to_seconds(v) WHEN 'minute' THEN ts + to_minutes(v) " +
    "WHEN 'hour' THEN ts + to_hours(v) WHEN 'day' THEN ts + to_days(v) WHEN 'week' THEN ts + to_weeks(v) " +
    "WHEN 'month' THEN ts + to_months(v) WHEN 'quarter' THEN ts + to_months(3 * v) WHEN 'year' THEN ts + to_years(v) " +
    "ELSE error('date_add: unknown unit ' || unit || '; expected millisecond, second, minute, hour, day, week, month, quarter or year') END",
  // The format literal is translated to strftime specifiers by translateLocalSelect (DuckDB wants a constant format).
  'CREATE OR REPLACE MACRO date_parse(s, f) AS strptime(s, f)',
  'CREATE OR REPLACE MACRO format_datetime(ts, f) AS strftime(ts, f)',
  // Exact locally: within any error bound Athena's estimate has (standard error 2.3%).
  'CREATE OR REPLACE MACRO approx_distinct(x) AS count(DISTINCT x)',
  // DuckDB's arbitrary is first(), which may return NULL; Trino's returns a non-null value if one exists.
  'CREATE OR REPLACE MACRO arbitrary(x) AS any_value(x)',
  // Arrays only (Trino's map forms are not translated).
  'CREATE OR REPLACE MACRO element_at(a, i) AS list_extract(a, i)',
  'CREATE OR REPLACE MACRO cardinality(a) AS len(a)',
  `CREATE OR REPLACE MACRO trim(s) AS system.main.trim(s, ${WHITESPACE}), (s, c) AS system.main.trim(s, c)`,
  `CREATE OR REPLACE MACRO ltrim(s) AS system.main.ltrim(s, ${WHITESPACE}), (s, c) AS system.main.ltrim(s, c)`,
  `CREATE OR REPLACE MACRO rtrim(s) AS system.main.rtrim(s, ${WHITESPACE}), (s, c) AS system.main.rtrim(s, c)`,
  "CREATE OR REPLACE MACRO replace(s, f) AS system.main.replace(s, f, ''), (s, f, r) AS system.main.replace(s, f, r)",
];

/** Functions that exist with the same meaning in Trino and DuckDB, plus the macros above. */
const FUNCTIONS = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'round',
  'abs',
  'coalesce',
  'nullif',
  'greatest',
  'least',
  'count_if',
  'cast',
  'try_cast',
  'date_trunc',
  'date_diff',
  'lower',
  'upper',
  'length',
  'concat',
  'row_number',
  'rank',
  'dense_rank',
  'lag',
  'lead',
  'stddev',
  'stddev_samp',
  'sqrt',
  'power',
  'floor',
  'ceil',
  'from_iso8601_timestamp',
  'approx_percentile',
  'date_format',
  'regexp_extract',
  'regexp_like',
  'split_part',
  'json_extract_scalar',
  'from_unixtime',
  'to_unixtime',
  'date_add',
  'date_parse',
  'format_datetime',
  'approx_distinct',
  'arbitrary',
  'element_at',
  'cardinality',
  'if',
  'strpos',
  'substr',
  'substring',
  'trim',
  'ltrim',
  'rtrim',
  'replace',
  // now() is current_timestamp in both, and follows an injected clock like it (translateLocalSelect).
  'now',
  // Trino's try(x) and DuckDB's both give NULL where evaluating x fails (a bad cast, an unparsable time).
  'try',
]);

/** Keywords that may be followed by `(` without being a function call. */
const KEYWORDS = new Set([
  'AS',
  'IN',
  'ON',
  'AND',
  'OR',
  'NOT',
  'EXISTS',
  'FROM',
  'JOIN',
  'USING',
  'WHEN',
  'THEN',
  'ELSE',
  'OVER',
  'FILTER',
  'WHERE',
  'SELECT',
  'BY',
  'WITH',
  'VALUES',
  'HAVING',
  'UNION',
  'ALL',
  'DISTINCT',
  'IS',
  'CASE',
  'LIKE',
  'BETWEEN',
  'INTERVAL',
  'END',
  'AT',
  'LATERAL',
  'ANY',
  'SOME',
  'COMMA',
]);

/** Functions whose format argument must stay within the shared subset. */
const DATE_FORMAT_SPECIFIERS = /%[^YmdH]/;
/** MySQL specifiers of date_parse and their strftime spelling; `%%` and the rest are refused. */
const MYSQL_TO_STRFTIME: Readonly<Record<string, string>> = {
  Y: '%Y',
  y: '%y',
  m: '%m',
  d: '%d',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  s: '%S',
  S: '%S',
  T: '%H:%M:%S',
  p: '%p',
  b: '%b',
  M: '%B',
  a: '%a',
  W: '%A',
  j: '%j',
};
/** Joda pattern letters of format_datetime and their strftime spelling; any other letter, a quote or a `%` is refused. */
const JODA_TO_STRFTIME: Readonly<Record<string, string>> = { yyyy: '%Y', MM: '%m', dd: '%d', HH: '%H', mm: '%M', ss: '%S', SSS: '%g' };
const JODA_PATTERN = /yyyy|SSS|ss|mm|MM|dd|HH/g;

/** strftime format of a MySQL one; undefined when it uses a specifier not translated. */
function mysqlFormat(format: string): string | undefined {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spelled = MYSQL_TO_STRFTIME[format[i + 1] ?? ''];
    if (spelled === undefined) return undefined;
    out += spelled;
    i += 1;
  }
  return out;
}

/** strftime format of a Joda one; undefined when it uses a letter, quote or `%` not translated. */
function jodaFormat(format: string): string | undefined {
  if (/[A-Za-z%']/.test(format.replace(JODA_PATTERN, ''))) return undefined;
  return format.replace(JODA_PATTERN, (m) => JODA_TO_STRFTIME[m] ?? m);
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** 1-based line and column of an offset in `sql`. */
export function sqlPosition(sql: string, offset: number): { readonly line: number; readonly column: number } {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function at(sql: string, token: Token): string {
  const { line, column } = sqlPosition(sql, token.start);
  return `line ${line}, column ${column}`;
}

/**
 * The top-level arguments of a call whose `(` is `tokens[open]`, and the index of
 * its `)`; undefined when the parentheses do not close (DuckDB reports that).
 */
function callArguments(tokens: readonly Token[], open: number): { readonly args: Token[][]; readonly close: number } | undefined {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth += 1;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
      if (depth === 0) return { args: args[0]?.length === 0 && args.length === 1 ? [] : args, close: i };
      depth -= 1;
    }
    if (depth === 0 && t.kind === 'punct' && t.text === ',') args.push([]);
    else args[args.length - 1]?.push(t);
  }
  return undefined;
}

/** The format argument when it is one string literal. */
function literalArgument(args: readonly Token[][], index: number): Token | undefined {
  const arg = args[index];
  return arg?.length === 1 && arg[0]?.kind === 'string' ? arg[0] : undefined;
}

/**
 * Checks that a SELECT (a view body or a saved query) uses only translated
 * constructs; throws `UnsupportedSqlError` naming the first one that is not and
 * where it is (line and column).
 */
export function assertLocalSelect(sql: string, where: string): void {
  const tokens = significant(tokenize(sql));
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'quoted' && token.text.startsWith('`')) {
      throw new UnsupportedSqlError(
        `${where}: backtick identifiers are Hive DDL syntax, not valid in a query (${at(sql, token)}); use double quotes`,
      );
    }
    // A double-quoted name is a call too: `"read_csv"('/etc/passwd')` must not slip past the list.
    const quotedName = token.kind === 'quoted' && token.text.startsWith('"');
    if ((token.kind !== 'word' && !quotedName) || next === undefined || next.kind !== 'punct' || next.text !== '(') return;
    const name = (quotedName ? token.text.slice(1, -1).replace(/""/g, '"') : token.text).toLowerCase();
    if (!quotedName && KEYWORDS.has(token.text.toUpperCase())) return;
    // `AS t(x)` and `(VALUES ...) t(x)` name a relation and its columns; a call never follows `AS` or `)`.
    const previous = tokens[i - 1];
    if (previous !== undefined && (previous.text.toUpperCase() === 'AS' || previous.text === ')')) return;
    if (!FUNCTIONS.has(name)) {
      throw new UnsupportedSqlError(
        `${where}: the local engine does not translate the function ${name}() (${at(sql, token)}); supported: ${[...FUNCTIONS].sort().join(', ')}`,
      );
    }
    const args = callArguments(tokens, i + 1)?.args ?? [];
    if (name === 'date_format') {
      const format = literalArgument(args, 1);
      if (format && DATE_FORMAT_SPECIFIERS.test(unquote(format))) {
        throw new UnsupportedSqlError(
          `${where}: date_format with ${format.text} (${at(sql, format)}); the local engine translates only %Y, %m, %d and %H`,
        );
      }
    }
    if (name === 'date_parse' || name === 'format_datetime') {
      const format = literalArgument(args, 1);
      if (format === undefined) {
        throw new UnsupportedSqlError(
          `${where}: ${name} needs its format as one string literal (${at(sql, token)}); the local engine translates the format before running`,
        );
      }
      if (name === 'date_parse' && mysqlFormat(unquote(format)) === undefined) {
        throw new UnsupportedSqlError(
          `${where}: date_parse with ${format.text} (${at(sql, format)}); the local engine translates %Y %y %m %d %H %h %I %i %s %S %T %p %b %M %a %W %j`,
        );
      }
      if (name === 'format_datetime' && jodaFormat(unquote(format)) === undefined) {
        throw new UnsupportedSqlError(
          `${where}: format_datetime with ${format.text} (${at(sql, format)}); the local engine translates the Joda patterns yyyy MM dd HH mm ss SSS and punctuation`,
        );
      }
    }
  });
}

/** The instant as each of Trino's clock readings gives it, in the session zone (UTC, as Athena and the local engine run). */
const CLOCK_LITERALS: ReadonlyMap<string, (now: Date) => string> = new Map([
  ['current_timestamp', (now: Date) => `CAST('${now.toISOString()}' AS TIMESTAMPTZ)`],
  ['current_date', (now: Date) => `CAST('${now.toISOString().slice(0, 10)}' AS DATE)`],
  ['current_time', (now: Date) => `CAST('${now.toISOString().slice(11, 23)}+00' AS TIMETZ)`],
  ['localtimestamp', (now: Date) => `CAST('${now.toISOString().slice(0, 23).replace('T', ' ')}' AS TIMESTAMP)`],
  ['localtime', (now: Date) => `CAST('${now.toISOString().slice(11, 23)}' AS TIME)`],
]);

/**
 * A reading of the clock starting at `tokens[i]`: `current_timestamp`, `current_date`,
 * `current_time`, `localtimestamp`, `localtime` (each with or without a precision) or
 * `now()`, with where it ends and the literal it becomes; undefined for anything else
 * (a column `t.current_timestamp` is excluded by the caller, strings and quoted names
 * are other tokens). Any reading left out would read DuckDB's wall clock.
 */
function clockCall(tokens: readonly Token[], i: number, now: Date): { readonly end: number; readonly literal: string } | undefined {
  const token = tokens[i] as Token;
  const name = token.text.toLowerCase();
  const open = tokens[i + 1];
  const call = open?.kind === 'punct' && open.text === '(' ? callArguments(tokens, i + 1) : undefined;
  const literal = CLOCK_LITERALS.get(name === 'now' ? 'current_timestamp' : name);
  if (literal === undefined) return undefined;
  if (name === 'now')
    return call !== undefined && call.args.length === 0 ? { end: (tokens[call.close] as Token).end, literal: literal(now) } : undefined;
  return { end: call === undefined ? token.end : (tokens[call.close] as Token).end, literal: literal(now) };
}

/** The SQL DuckDB runs, and how to map an offset in it back to the SQL as written. */
export interface LocalTranslation {
  readonly sql: string;
  /** Offset in the SQL as written of an offset in `sql`. */
  readonly originalOffset: (offset: number) => number;
}

export interface LocalTranslationOptions {
  /**
   * The instant `current_timestamp`, `now()` and the other clock readings (`current_date`,
   * `current_time`, `localtimestamp`, `localtime`) mean, instead of DuckDB's wall
   * clock: tests inject it so that a query over "the last hour" has one answer
   * whenever it runs. Production SQL is never rewritten this way.
   * @default none: DuckDB's own clock
   */
  readonly now?: Date;
}

/**
 * Rewrites what no macro can express. DuckDB parses IF itself and wants three
 * arguments, so Trino's `if(condition, value)` becomes `if(condition, value, NULL)`
 * (NULL when false, as in Trino). DuckDB wants a constant strftime format, so the
 * MySQL format of `date_parse` and the Joda format of `format_datetime` are
 * rewritten in place. With `options.now`, `current_timestamp`, `now()` and the other
 * clock readings (with or without a precision) become that instant as a literal. Everything else is left
 * as written.
 */
export function translateLocalSelect(sql: string, options: LocalTranslationOptions = {}): LocalTranslation {
  const tokens = significant(tokenize(sql));
  /** Edits of the original SQL: replace `length` characters at `at` with `text`. */
  const edits: { at: number; length: number; text: string }[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (options.now !== undefined && token.kind === 'word' && tokens[i - 1]?.text !== '.') {
      const clock = clockCall(tokens, i, options.now);
      if (clock !== undefined) {
        edits.push({ at: token.start, length: clock.end - token.start, text: clock.literal });
        return;
      }
    }
    if (token.kind !== 'word' || next?.kind !== 'punct' || next.text !== '(') return;
    const name = token.text.toLowerCase();
    if (name !== 'if' && name !== 'date_parse' && name !== 'format_datetime') return;
    const call = callArguments(tokens, i + 1);
    if (call === undefined) return;
    if (name === 'if') {
      if (call.args.length === 2) edits.push({ at: (tokens[call.close] as Token).start, length: 0, text: ', NULL' });
      return;
    }
    const format = literalArgument(call.args, 1);
    const translated = format === undefined ? undefined : (name === 'date_parse' ? mysqlFormat : jodaFormat)(unquote(format));
    if (format !== undefined && translated !== undefined)
      edits.push({ at: format.start, length: format.end - format.start, text: sqlString(translated) });
  });
  if (edits.length === 0) return { sql, originalOffset: (offset) => offset };
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const edit of edits) {
    out += sql.slice(from, edit.at) + edit.text;
    from = edit.at + edit.length;
  }
  out += sql.slice(from);
  return {
    sql: out,
    originalOffset: (offset) => {
      let shift = 0;
      for (const edit of edits) {
        const startInOut = edit.at + shift;
        if (offset < startInOut) break;
        // Inside the rewritten text: the start of what it replaced.
        if (offset < startInOut + edit.text.length) return edit.at;
        shift += edit.text.length - edit.length;
      }
      return offset - shift;
    },
  };
}
