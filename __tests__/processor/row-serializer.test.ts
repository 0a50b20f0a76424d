import fc from 'fast-check';
import { compileRowSerializer } from '../../functions/processor/compiled/row-serializer';

/** Any value a row column may hold, plus what JSON.stringify treats specially (non-finite numbers, -0, lone surrogates). */
const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  // 'binary' draws whole code points only: lone surrogates need a unit of their own.
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('a', 'é', '"'),
    ),
    maxLength: 8,
  }),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-7),
  fc.boolean(),
  fc.constant(null),
);

/** Distinct column names, including ones JSON must escape. */
const columnNames = fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 12 });

describe('Function: compileRowSerializer', () => {
  it('writes exactly JSON.stringify(row) plus a newline, for any columns and values', () => {
    fc.assert(
      fc.property(columnNames, fc.nat(12), fc.array(cell, { minLength: 12, maxLength: 12 }), (names, split, values) => {
        // Prepare
        const declared = names.slice(0, Math.min(split, names.length));
        const extra = names.slice(declared.length);
        const row = Object.fromEntries(names.map((name, i) => [name, values[i] ?? null]));
        // Act
        const line = compileRowSerializer(declared, extra)(row, false);
        // Assess
        expect(line).toBe(`${JSON.stringify(row)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('copies declared strings as they are when the input text had no backslash, and still escapes computed columns', () => {
    // Prepare: declared values as they come out of a backslash-free JSON text; the computed one needs escaping.
    const text = '{"path":"/v1/\u00e9t\u00e9/\ud83c\udfac","agent":"Mozilla/5.0 (TV; \u2028)"}';
    expect(text.includes('\\')).toBe(false);
    const input = JSON.parse(text) as Record<string, string>;
    const row = { path: input.path ?? null, agent: input.agent ?? null, reason: 'quote " and backslash \\ and tab \t', n: 3 };
    // Act
    const line = compileRowSerializer(['path', 'agent'], ['reason', 'n'])(row, true);
    // Assess
    expect(line).toBe(`${JSON.stringify(row)}\n`);
    expect(JSON.parse(line)).toEqual(row);
  });

  it('writes an empty object for no columns', () => {
    expect(compileRowSerializer([], [])({}, true)).toBe('{}\n');
  });
});
