import fc from 'fast-check';
import { compileNormalizePass, type FailureSlot, type FieldNormalizer } from '../../functions/processor/compiled/normalize-pass';

type Value = string | number | boolean;

/** What a field's normalizer does in this test: keep the value, rewrite it, or fail on some values. */
type Behaviour = 'none' | 'rewrite' | 'fail-on-short';

function normalizer(behaviour: Behaviour, slot: FailureSlot): FieldNormalizer | null {
  if (behaviour === 'none') return null;
  if (behaviour === 'rewrite') return { canFail: false, normalize: (v, nowMs) => `${String(v)}@${nowMs}` };
  return {
    canFail: true,
    normalize: (v) => {
      if (String(v).length < 2) slot.reason = `too short: ${String(v)}`;
      return v;
    },
  };
}

/** The reference: a loop over the fields, as the pass was written before it was generated. */
function naivePass(
  fields: readonly string[],
  normalizers: readonly (FieldNormalizer | null)[],
  extra: readonly string[],
  slot: FailureSlot,
  payload: Record<string, unknown>,
  nowMs: number,
) {
  const row: Record<string, Value | null> = {};
  for (const name of [...fields, ...extra]) row[name] = null;
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i] as string;
    let value = payload[name];
    if (value === undefined || value === null) continue;
    const n = normalizers[i];
    if (n !== null && n !== undefined) {
      value = n.normalize(value as Value, nowMs);
      if (n.canFail && slot.reason !== null) return i;
    }
    row[name] = value as Value;
  }
  return row;
}

const names = fc.uniqueArray(
  fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }), fc.constantFrom('"]; x = 1; //', 'payload', 'nowMs')),
  { minLength: 1, maxLength: 12 },
);
const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));

describe('Function: compileNormalizePass (properties)', () => {
  it('gives the row, or the index of the failing field, that a loop over the fields gives', () => {
    fc.assert(
      fc.property(
        names,
        fc.nat(12),
        fc.array(fc.constantFrom<Behaviour>('none', 'rewrite', 'fail-on-short'), { minLength: 12, maxLength: 12 }),
        fc.array(value, { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (all, split, behaviours, values, nowMs) => {
          // Prepare
          const fields = all.slice(0, Math.max(1, Math.min(split, all.length)));
          const extra = all.slice(fields.length);
          const payload: Record<string, unknown> = { unknown: 'dropped' };
          fields.forEach((name, i) => {
            if (values[i] !== undefined) payload[name] = values[i];
          });
          const [slot, referenceSlot]: FailureSlot[] = [{ reason: null }, { reason: null }];
          const pass = compileNormalizePass(
            fields,
            fields.map((_, i) => normalizer(behaviours[i] ?? 'none', slot)),
            extra,
            slot,
          );
          const referenceNormalizers = fields.map((_, i) => normalizer(behaviours[i] ?? 'none', referenceSlot));
          // Act
          const row = pass(payload, nowMs);
          // Assess: same row (columns in order), or same failing field with the same reason.
          const reference = naivePass(fields, referenceNormalizers, extra, referenceSlot, payload, nowMs);
          if (typeof reference === 'number') expect(row).toBe(reference);
          else expect(Object.entries(row as object)).toEqual(Object.entries(reference));
          expect(slot.reason).toBe(referenceSlot.reason);
        },
      ),
      { numRuns: 500 },
    );
  });
});
