import { UnsupportedSqlError } from './errors';
import { significant, tokenize } from './sql-lexer';

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
    throw new UnsupportedSqlError(`column ${column}: the local engine does not translate the type '${hiveType}'; supported: ${[...Object.keys(HIVE_TYPES), 'decimal(p,s)'].join(', ')}`);
  }
  return mapped;
}

/**
 * Trino functions the local engine provides as DuckDB macros with the same
 * meaning for the arguments the project uses. The session time zone is UTC, so
 * `CAST(<timestamp with time zone> AS timestamp)` gives UTC wall time as in Athena.
 */
export const TRINO_MACROS: readonly string[] = [
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
  // Trino: seconds since the epoch (double) to timestamp(3) with time zone UTC; DuckDB's to_timestamp is the same.
  'CREATE OR REPLACE MACRO from_unixtime(s) AS to_timestamp(s)',
  // Only %Y %m %d %H are used; they mean the same in MySQL-style and strftime formats.
  'CREATE OR REPLACE MACRO date_format(ts, fmt) AS strftime(ts, fmt)',
];

/** Functions that exist with the same meaning in Trino and DuckDB, plus the macros above. */
const FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'round', 'abs', 'coalesce', 'nullif', 'greatest', 'least',
  'count_if', 'cast', 'try_cast', 'date_trunc', 'date_diff', 'lower', 'upper', 'length', 'concat',
  'row_number', 'rank', 'dense_rank', 'lag', 'lead', 'stddev', 'stddev_samp', 'sqrt', 'power', 'floor', 'ceil',
  'from_iso8601_timestamp', 'approx_percentile', 'date_format', 'from_unixtime',
]);

/** Keywords that may be followed by `(` without being a function call. */
const KEYWORDS = new Set([
  'AS', 'IN', 'ON', 'AND', 'OR', 'NOT', 'EXISTS', 'FROM', 'JOIN', 'USING', 'WHEN', 'THEN', 'ELSE', 'OVER', 'FILTER',
  'WHERE', 'SELECT', 'BY', 'WITH', 'VALUES', 'HAVING', 'UNION', 'ALL', 'DISTINCT', 'IS', 'CASE', 'LIKE', 'BETWEEN',
  'INTERVAL', 'END', 'AT', 'LATERAL', 'ANY', 'SOME', 'COMMA',
]);

/** Functions whose format argument must stay within the shared subset. */
const DATE_FORMAT_SPECIFIERS = /%[^YmdH]/;

/**
 * Checks that a SELECT (a view body or a saved query) uses only translated
 * constructs; throws `UnsupportedSqlError` naming the first one that is not.
 */
export function assertLocalSelect(sql: string, where: string): void {
  const tokens = significant(tokenize(sql));
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'quoted' && token.text.startsWith('`')) {
      throw new UnsupportedSqlError(`${where}: backtick identifiers are Hive DDL syntax, not valid in a query (line ${token.line}); use double quotes`);
    }
    if (token.kind !== 'word' || next === undefined || next.kind !== 'punct' || next.text !== '(') return;
    const name = token.text.toLowerCase();
    if (KEYWORDS.has(token.text.toUpperCase())) return;
    if (!FUNCTIONS.has(name)) {
      throw new UnsupportedSqlError(
        `${where}: the local engine does not translate the function ${name}() (line ${token.line}); supported: ${[...FUNCTIONS].sort().join(', ')}`,
      );
    }
    if (name === 'date_format') {
      const format = tokens.slice(i + 2).find((t) => t.kind === 'string');
      if (format && DATE_FORMAT_SPECIFIERS.test(format.text)) {
        throw new UnsupportedSqlError(`${where}: date_format with ${format.text} (line ${format.line}); the local engine translates only %Y, %m, %d and %H`);
      }
    }
  });
}
