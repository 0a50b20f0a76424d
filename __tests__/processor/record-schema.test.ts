import fc from 'fast-check';
import * as z from 'zod';
import { accessLogs } from '../../datasets/access-logs';
import type { DatasetDeclaration, FieldSpec } from '../../datasets/dataset';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { buildRecordSchema } from '../../functions/processor/record-schema';

/** A value the field's schema accepts. */
function validValue(f: FieldSpec): fc.Arbitrary<unknown> {
  const range = { min: f.min ?? -1e9, max: f.max ?? 1e9 };
  switch (f.type) {
    case 'string':
      if (f.format === 'uuid') return fc.uuid();
      if (f.format === 'ip') return fc.oneof(fc.ipV4(), fc.ipV6());
      return f.enum === undefined ? fc.string({ maxLength: 40 }) : fc.constantFrom(...f.enum);
    case 'int':
    case 'bigint':
      return fc.integer({ min: Math.ceil(range.min), max: Math.floor(Math.min(range.max, 2 ** 31)) });
    case 'double':
      return fc.double({ ...range, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.integer({ min: 0 }),
      );
  }
}

/** Payloads near the schema: each field mostly valid, sometimes absent, null or any JSON value. */
function nearPayload(dataset: DatasetDeclaration) {
  const field = (f: FieldSpec) =>
    fc.oneof(
      { arbitrary: validValue(f), weight: 60 },
      { arbitrary: fc.constant(undefined), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
    );
  // Optional fields' keys may be missing altogether, not only undefined.
  const requiredKeys = dataset.fields.filter((f) => f.required !== false).map((f) => f.name);
  return fc.record(Object.fromEntries(dataset.fields.map((f) => [f.name, field(f)])), { requiredKeys });
}

describe('Function: buildRecordSchema under z.compile', () => {
  it.each([
    ['access logs', accessLogs],
    ['turbine telemetry', turbineTelemetry],
  ])('%s: the compiled check accepts exactly what the runtime parser accepts', (_name, dataset) => {
    // Prepare: the processor validates through zod's ahead-of-time compiler; the runtime parser is the reference.
    const runtime = buildRecordSchema(dataset);
    const compiled = z.compile(runtime);
    let accepted = 0;
    fc.assert(
      fc.property(nearPayload(dataset), (payload) => {
        // Act
        const fast = compiled.safeParse(payload);
        const reference = runtime.safeParse(payload);
        // Assess
        expect(fast.success).toBe(reference.success);
        if (!fast.success && !reference.success) expect(fast.error.issues[0]).toEqual(reference.error.issues[0]);
        accepted += reference.success ? 1 : 0;
      }),
      { numRuns: 1000 },
    );
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(950);
  });
});
