import { SqlFileError, UnresolvedPlaceholderError } from './errors';
import { significant, tokenize, unquote, type Token } from './sql-lexer';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The table property whose value is Athena's own template: its `${column}` are partition columns, not ours. */
const LOCATION_TEMPLATE = 'storage.location.template';

/**
 * Replaces every `${name}` in `sql`. A name without a value is an error naming
 * it, the file and the line (`line` is the statement's first line in the file),
 * never an empty string in a LOCATION.
 *
 * Inside the value of `'storage.location.template'` (partition projection),
 * `${column}` is Athena's: a name that is a partition column of the statement
 * (PARTITIONED BY or `projection.<name>.*`) passes through untouched, and wins
 * over a placeholder of the same name. Any other name there must be one of ours
 * (`s3://${raw_bucket}/x/${dt}/`), so a misspelt name is refused, never sent.
 */
export function resolvePlaceholders(sql: string, values: Readonly<Record<string, string>>, file: string, line = 1): string {
  const lineAt = (offset: number): number => line + (sql.slice(0, offset).match(/\n/g)?.length ?? 0);
  const templates = templateValues(sql);
  const templateColumns = templates.length > 0 ? partitionColumns(sql) : new Set<string>();
  if (templates.length > 0) {
    const columns = templateColumns;
    for (const template of templates) {
      for (const match of template.text.matchAll(PLACEHOLDER)) {
        if (!columns.has(match[1].toLowerCase()) && values[match[1]] === undefined) {
          const where = `${file}:${lineAt(template.start)}`;
          throw new SqlFileError(
            `${where}: \${${match[1]}} in '${LOCATION_TEMPLATE}' names neither a partition column (${[...columns].sort().join(', ') || 'none declared'}) nor a placeholder (${Object.keys(values).sort().join(', ')})`,
            file,
          );
        }
      }
    }
  }
  return sql.replace(PLACEHOLDER, (match: string, name: string, offset: number) => {
    const inTemplate = templates.some((t) => offset >= t.start && offset < t.end);
    if (inTemplate && templateColumns.has(name.toLowerCase())) return match;
    const value = values[name];
    if (value === undefined) throw new UnresolvedPlaceholderError(name, `${file}:${lineAt(offset)}`, Object.keys(values).sort());
    return value;
  });
}

/** The string tokens that are the value of `'storage.location.template' = '...'`. */
function templateValues(sql: string): Token[] {
  if (!sql.toLowerCase().includes(LOCATION_TEMPLATE)) return [];
  const tokens = significant(tokenize(sql));
  const out: Token[] = [];
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    const [key, eq, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    const isString = (t: Token): boolean => t.kind === 'string' || t.kind === 'quoted';
    if (isString(key) && unquote(key).toLowerCase() === LOCATION_TEMPLATE && eq.text === '=' && isString(value)) out.push(value);
  }
  return out;
}

/** Partition columns a template may name: PARTITIONED BY (...) columns and `projection.<name>.*` keys. */
function partitionColumns(sql: string): Set<string> {
  const tokens = significant(tokenize(sql));
  const columns = new Set<string>();
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    if ((t.kind === 'string' || t.kind === 'quoted') && /^projection\.[^.]+\./i.test(unquote(t)))
      columns.add(unquote(t).split('.')[1].toLowerCase());
    if (
      t.kind === 'word' &&
      t.text.toUpperCase() === 'PARTITIONED' &&
      tokens[i + 1]?.text.toUpperCase() === 'BY' &&
      tokens[i + 2]?.text === '('
    ) {
      let depth = 0;
      for (let j = i + 2; j < tokens.length; j += 1) {
        const p = tokens[j];
        if (p.text === '(') depth += 1;
        else if (p.text === ')') depth -= 1;
        if (depth === 0) break;
        const previous = tokens[j - 1];
        if (depth === 1 && (p.kind === 'word' || p.kind === 'quoted') && (previous.text === '(' || previous.text === ','))
          columns.add(unquote(p).toLowerCase());
      }
    }
  }
  return columns;
}
