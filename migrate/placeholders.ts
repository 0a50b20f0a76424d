import { UnresolvedPlaceholderError } from './errors';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names of the `${name}` placeholders used in `sql`, in order of first use. */
export function placeholdersIn(sql: string): string[] {
  return [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Replaces every `${name}` in `sql`. A name without a value is an error that
 * names it and the file, never an empty string in a LOCATION.
 */
export function resolvePlaceholders(sql: string, values: Readonly<Record<string, string>>, file: string): string {
  return sql.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new UnresolvedPlaceholderError(name, file, Object.keys(values).sort());
    return value;
  });
}
