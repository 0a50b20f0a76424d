import { CliError } from '../cli/cli-errors';
import { sqlPosition, type LocalTranslation } from '../migrate/local-dialect';

/** The SQL was rejected by DuckDB (parser, binder, catalog): bad input, exit 2; failures while running exit 1. */
export class SqlError extends CliError {}

/** Where in the SQL as written an error is, when DuckDB's message says. */
export interface SqlErrorLocation {
  readonly line: number;
  readonly column: number;
}

/** DuckDB's error without its `LINE n:` excerpt and caret: the first line, plus a candidate list if any. */
export function duckdbErrorText(message: string): string {
  const lines = message.split('\n').map((l) => l.trimEnd());
  const head = lines[0] ?? message;
  const hint = lines.find((l) => /^(Candidate|Did you mean)/.test(l.trim()));
  return hint === undefined ? head : `${head} (${hint.trim()})`;
}

/**
 * The position of a DuckDB error in the SQL as written. DuckDB shows the line it
 * failed on (`LINE n: <text>`, maybe cut to a window with `...`) and a caret under
 * the spot; the caret is located in the SQL DuckDB ran, then mapped back through
 * the dialect translation. Undefined when the message shows no caret, or shows a
 * line that is not in this SQL (an error inside a view's own body).
 */
export function locateDuckdbError(message: string, translation: LocalTranslation, original: string): SqlErrorLocation | undefined {
  const lines = message.split('\n');
  const index = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (index === -1) return undefined;
  const header = /^LINE (\d+): (.*)$/.exec(lines[index] ?? '');
  const caretLine = lines[index + 1] ?? '';
  const caret = caretLine.indexOf('^');
  if (header === null || caret === -1) return undefined;
  const lineNumber = Number(header[1]);
  const prefix = (lines[index] ?? '').length - (header[2] ?? '').length;
  let shown = header[2] ?? '';
  let column = caret - prefix;
  if (shown.startsWith('...')) {
    shown = shown.slice(3);
    column -= 3;
  }
  if (shown.endsWith('...')) shown = shown.slice(0, -3);
  const ranLines = translation.sql.split('\n');
  const ranLine = ranLines[lineNumber - 1];
  if (ranLine === undefined) return undefined;
  const within = ranLine.indexOf(shown);
  if (within === -1 || column < 0) return undefined;
  const lineStart = ranLines.slice(0, lineNumber - 1).reduce((sum, l) => sum + l.length + 1, 0);
  return sqlPosition(original, translation.originalOffset(lineStart + within + column));
}
