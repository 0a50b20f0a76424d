/** A value of a result row, as the query engines return it. */
export type Cell = string | number | boolean | null;

function show(value: Cell): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Math.round(value * 1000) / 1000);
  return String(value);
}

/**
 * Renders rows as a plain-text table (column names from the first row), at most
 * `maxRows` rows, cells cut at `maxWidth` characters.
 */
export function formatTable(rows: readonly Readonly<Record<string, Cell>>[], maxRows = 20, maxWidth = 40): string {
  const first = rows[0];
  if (first === undefined) return '(no rows)';
  const columns = Object.keys(first);
  const cut = (s: string): string => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const body = rows.slice(0, maxRows).map((r) => columns.map((c) => cut(show(r[c] ?? null))));
  const widths = columns.map((c, i) => Math.max(cut(c).length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const out = [line(columns.map(cut)), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)];
  if (rows.length > maxRows) out.push(`... ${rows.length - maxRows} more rows`);
  return out.join('\n');
}
