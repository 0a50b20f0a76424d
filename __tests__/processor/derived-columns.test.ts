import fc from 'fast-check';
import { compileDerivedColumnsCopy } from '../../functions/processor/compiled/derived-columns';

type Cell = string | number | boolean | null;

/** Column names, including ones JSON must escape and ones that look like code. */
const names = fc.uniqueArray(
  fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.constantFrom('"]; x = 1; //', '__proto__x', 'constructor')),
  { maxLength: 10 },
);
const cell: fc.Arbitrary<Cell | undefined> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('Function: compileDerivedColumnsCopy (properties)', () => {
  it('sets each derived column as a loop over the names does: the enrichment value, or null when it has none', () => {
    fc.assert(
      fc.property(
        names,
        fc.array(cell, { minLength: 10, maxLength: 10 }),
        fc.dictionary(fc.string({ maxLength: 6 }), fc.integer()),
        (columns, values, before) => {
          // Prepare: an enrichment result that may lack some columns and hold others.
          const derived: Record<string, Cell | undefined> = { unrelated: 'kept out' };
          columns.forEach((name, i) => {
            if (values[i] !== undefined) derived[name] = values[i];
          });
          const row: Record<string, Cell> = { ...before };
          const reference: Record<string, Cell> = { ...before };
          for (const name of columns) reference[name] = derived[name] ?? null;
          // Act
          compileDerivedColumnsCopy(columns)(row, derived);
          // Assess
          expect(row).toEqual(reference);
        },
      ),
      { numRuns: 500 },
    );
  });
});
