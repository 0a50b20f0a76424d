/*
 * Generated code (`new Function`). Why the processor generates code, and the rules every
 * generator in this folder keeps, are in docs/processor.md#generated-code.
 */
type Row = Record<string, string | number | boolean | null>;

/** Copies a declaration's enrichment result into the row's derived columns (missing ones become null). */
export type DerivedColumnsCopy = (row: Row, derived: Readonly<Record<string, string | number | boolean | null | undefined>>) => void;

/**
 * Compiles the copy for fixed derived column names. Constant names keep every
 * read and write a monomorphic property access; a loop over the names would make
 * each one a megamorphic keyed lookup, for every valid record. Names come from the
 * declarations (code), embedded as JSON string literals.
 */
export function compileDerivedColumnsCopy(names: readonly string[]): DerivedColumnsCopy {
  const steps = names.map((name) => `r[${JSON.stringify(name)}] = d[${JSON.stringify(name)}] ?? null;`);
  // Generated from declared column names only (see above), never from input.
  return new Function('r', 'd', steps.join(' ')) as DerivedColumnsCopy;
}
