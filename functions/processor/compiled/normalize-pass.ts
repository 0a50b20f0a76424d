/*
 * Generated code (`new Function`). Why the processor generates code, and the rules every
 * generator in this folder keeps, are in docs/processor.md#generated-code.
 */

/**
 * Where a normalizer reports that a value is invalid: out of band, so that no input
 * value can be mistaken for a failure (a marker value such as U+0000 once was, and a
 * text field holding exactly that character was rejected).
 */
export interface FailureSlot {
  reason: string | null;
}

/** Normalizes a value zod accepted; a normalizer that can fail sets `slot.reason` instead of returning a marker. */
export type Normalizer = (value: string | number | boolean, nowMs: number) => string | number | boolean;

export interface FieldNormalizer {
  readonly normalize: Normalizer;
  /** Whether it may set the failure slot (the generated pass checks only those). */
  readonly canFail: boolean;
}

/** A fresh record of every column, or the index of the field whose normalizer set the failure slot. */
export type NormalizePass = (payload: Record<string, unknown>, nowMs: number) => Record<string, string | number | boolean | null> | number;

/**
 * Compiles the per-record pass: a fresh record with every column (absent fields null),
 * each present declared field normalized in order. Generated code reads and writes
 * each column by its constant name: a loop over names would make every access a
 * megamorphic keyed lookup, which cost ~0.5 µs per access-log record. Column names
 * come from the declarations (code), embedded as JSON string literals.
 * @param fields the declared fields' names, in order
 * @param normalizers one per field (null: the value is kept as zod accepted it)
 * @param extraColumns columns after the declared ones, left null for the caller to fill in
 * @param slot where the normalizers report a failure
 */
export function compileNormalizePass(
  fields: readonly string[],
  normalizers: readonly (FieldNormalizer | null)[],
  extraColumns: readonly string[],
  slot: FailureSlot,
): NormalizePass {
  const key = (name: string): string => JSON.stringify(name);
  const columns = [...fields, ...extraColumns].map((name) => `${key(name)}: null`).join(', ');
  const steps = fields.map((name, i) => {
    const normalizer = normalizers[i];
    const apply =
      normalizer === null || normalizer === undefined
        ? ''
        : `v = n[${i}](v, nowMs);${normalizer.canFail ? ` if (s.reason !== null) return ${i};` : ''}`;
    return `v = payload[${key(name)}]; if (v !== undefined && v !== null) { ${apply} r[${key(name)}] = v; }`;
  });
  const source = `return function normalizeRecord(payload, nowMs) { const r = { ${columns} }; let v; ${steps.join(' ')} return r; };`;
  // Generated from declared column names only (see above), never from input.
  const compiled = new Function('n', 's', source) as (n: readonly (Normalizer | null)[], s: FailureSlot) => NormalizePass;
  return compiled(
    normalizers.map((f) => f?.normalize ?? null),
    slot,
  );
}
