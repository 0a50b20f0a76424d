/**
 * Writers of a query result, fed chunk by chunk so that a large result is never
 * held in memory (the table format holds at most `maxTableRows` rows, to size
 * its columns, and counts the rest).
 */
export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

export interface ResultWriter {
  start(columns: readonly string[]): void;
  rows(rows: readonly (readonly unknown[])[]): void;
  /** Ends the output; returns the number of rows written or counted. */
  end(): number;
}

/** Text of a value in a table or CSV cell: NULL as empty (CSV) or `NULL` (table); lists and structs as JSON. */
function text(value: unknown, nullText: string): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes. */
export function csvField(value: unknown): string {
  const t = text(value, '');
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function csvWriter(out: (text: string) => void): ResultWriter {
  let count = 0;
  return {
    start: (columns) => out(`${columns.map(csvField).join(',')}\r\n`),
    rows: (rows) => {
      let chunk = '';
      for (const row of rows) chunk += `${row.map(csvField).join(',')}\r\n`;
      count += rows.length;
      if (chunk !== '') out(chunk);
    },
    end: () => count,
  };
}

/** A JSON array of objects keyed by column name (a repeated name keeps its last value, as in JSON). */
export function jsonWriter(out: (text: string) => void): ResultWriter {
  let count = 0;
  let columns: readonly string[] = [];
  return {
    start: (names) => {
      columns = names;
      out('[');
    },
    rows: (rows) => {
      let chunk = '';
      for (const row of rows) {
        const object: Record<string, unknown> = {};
        columns.forEach((c, i) => (object[c] = row[i] ?? null));
        chunk += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(object)}`;
        count += 1;
      }
      if (chunk !== '') out(chunk);
    },
    end: () => {
      out(count === 0 ? ']\n' : '\n]\n');
      return count;
    },
  };
}

export function tableWriter(out: (text: string) => void, maxTableRows = 1000, maxWidth = 60): ResultWriter {
  let columns: readonly string[] = [];
  const kept: string[][] = [];
  let count = 0;
  const cut = (s: string): string => {
    const oneLine = s.replace(/\r?\n/g, '⏎');
    return oneLine.length > maxWidth ? `${oneLine.slice(0, maxWidth - 1)}…` : oneLine;
  };
  return {
    start: (names) => {
      columns = names;
    },
    rows: (rows) => {
      for (const row of rows) {
        if (kept.length < maxTableRows) kept.push(columns.map((_, i) => cut(text(row[i], 'NULL'))));
        count += 1;
      }
    },
    end: () => {
      const header = columns.map(cut);
      const widths = header.map((h, i) => Math.max(h.length, ...kept.map((cells) => (cells[i] ?? '').length)));
      const line = (cells: readonly string[]): string =>
        cells
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join(' | ')
          .trimEnd();
      const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...kept.map(line)];
      const more = count - kept.length;
      lines.push(
        more > 0
          ? `(${count} rows; the first ${kept.length} shown: use --format csv or json for all)`
          : `(${count} row${count === 1 ? '' : 's'})`,
      );
      out(`${lines.join('\n')}\n`);
      return count;
    },
  };
}

export function resultWriter(format: OutputFormat, out: (text: string) => void): ResultWriter {
  if (format === 'csv') return csvWriter(out);
  if (format === 'json') return jsonWriter(out);
  return tableWriter(out);
}
