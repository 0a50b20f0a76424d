import fc from 'fast-check';
import { accessLogs } from '../../datasets/access-logs';
import type { DatasetDeclaration, FieldSpec } from '../../datasets/dataset';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { datasetProblems } from '../../datasets/validate-dataset';
import { buildRecordValidator } from '../../functions/processor/record-schema';
import { invalidMutation } from '../../producers/invalid-records';
import { recordShapeProblems } from '../../producers/record-shape';
import { generateFromSchema } from '../../producers/schema-generator';
import { playerHeartbeats } from '../fixtures/player-heartbeats';

const START = new Date('2026-03-02T00:00:00.000Z');
const HOUR = 3_600_000;
const END_MS = START.getTime() + HOUR;
/** The processor's skew bound in dev; the span ends at "now", so it never matters here. */
const SKEW = { maxFutureSkewMs: 300_000 };

type FieldShape = Omit<FieldSpec, 'name' | 'description'>;

/** Sorted optional bounds: either side may be open. */
function bounds(value: fc.Arbitrary<number>): fc.Arbitrary<{ min?: number; max?: number }> {
  return fc.tuple(fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined })).map(([a, b]) => {
    const [min, max] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  });
}

/** Any field a declaration may hold, besides the event time: every type, format, enum and bound. */
const fieldShape: fc.Arbitrary<FieldShape> = fc.oneof(
  fc.record({ type: fc.constant('string' as const), maxLength: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }) }),
  fc
    .uniqueArray(
      fc.stringMatching(/^[a-z_]{1,12}$/).filter((v) => v !== 'other'),
      { minLength: 0, maxLength: 5 },
    )
    .map((known) => ({ type: 'string' as const, enum: [...known, 'other'] })),
  fc.constantFrom<FieldShape>(
    { type: 'string', format: 'uuid' },
    { type: 'string', format: 'ip' },
    { type: 'boolean' },
    { type: 'timestamp' },
  ),
  // Up to the widest bounds the validator admits: 32 bits for int, exact integers for bigint.
  bounds(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })).map((b) => ({ type: 'int' as const, ...b })),
  bounds(fc.maxSafeInteger()).map((b) => ({ type: 'bigint' as const, ...b })),
  bounds(fc.double({ min: -1e6, max: 1e6, noNaN: true })).map((b) => ({ type: 'double' as const, ...b })),
);

/** A valid declaration with random fields (names f0, f1, ...), an event time, and maybe an event id and a partition key. */
const declaration: fc.Arbitrary<DatasetDeclaration> = fc
  .record({
    shapes: fc.array(fc.record({ shape: fieldShape, required: fc.boolean() }), { maxLength: 8 }),
    eventId: fc.boolean(),
    partitionKey: fc.boolean(),
  })
  .map(({ shapes, eventId, partitionKey }) => {
    const fields: FieldSpec[] = [
      ...(eventId ? [{ name: 'event_id', type: 'string', format: 'uuid', required: false, description: 'id' } as const] : []),
      { name: 'event_time', type: 'timestamp', description: 'time' },
      ...(partitionKey ? [{ name: 'source', type: 'string', maxLength: 32, description: 'key' } as const] : []),
      ...shapes.map(({ shape, required }, i) => ({ ...shape, name: `f${i}`, required, description: `field ${i}` })),
    ];
    return {
      name: 'random-dataset',
      description: 'A random declaration.',
      fields,
      eventTimeField: 'event_time',
      ...(eventId ? { eventIdField: 'event_id' } : {}),
      ...(partitionKey ? { partitionKeyField: 'source' } : {}),
      derivedFields: [],
      enrich: () => ({}),
      detectCritical: () => null,
      metrics: [],
      retention: {
        streamHours: 24,
        rawGlacierAfterDays: 30,
        rawExpireAfterDays: 120,
        processedExpireAfterDays: 60,
        quarantineExpireAfterDays: 7,
      },
      alarms: [],
    };
  });

/** Every record valid for the processor and in the producers' canonical shape; every broken copy rejected, naming the broken field. */
function assessGenerated(dataset: DatasetDeclaration, seed: number, count: number): void {
  const validator = buildRecordValidator(dataset, SKEW);
  const mutation = invalidMutation(dataset);
  const { records } = generateFromSchema(dataset, { seed, count, start: START, simulatedDurationMs: HOUR });
  expect(records).toHaveLength(count);
  const times = records.map((r) => Date.parse(String(r[dataset.eventTimeField])));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  for (const t of times) expect(t >= START.getTime() && t < END_MS).toBe(true);
  for (const record of records) {
    expect(validator.validate({ ...record }, END_MS)).toMatchObject({ ok: true });
    expect(recordShapeProblems(dataset, record)).toEqual([]);
    const broken = validator.validate(mutation.apply(record), END_MS);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.reason).toContain(`field '${mutation.field}'`);
  }
}

describe('Function: generateFromSchema (the schema-driven generator)', () => {
  it('makes only records the processor accepts, for any valid declaration and seed', () => {
    fc.assert(
      fc.property(declaration, fc.integer(), (dataset, seed) => {
        // Prepare: the arbitrary makes valid declarations only.
        expect(datasetProblems(dataset)).toEqual([]);

        // Act, Assess
        assessGenerated(dataset, seed, 25);
      }),
      { numRuns: 150 },
    );
  });

  it.each([accessLogs, turbineTelemetry, playerHeartbeats])(
    'makes only records the processor accepts for the $name declaration',
    (dataset) => {
      assessGenerated(dataset, 42, 500);
    },
  );

  it('keeps an open side inside the column: one-sided bounds at the edge of bigint and int (the property found it)', () => {
    // Prepare: max only, just above the smallest exact integer and the smallest 32-bit int; min only, just below the largest.
    const edge = (type: 'int' | 'bigint', bound: { min?: number; max?: number }): FieldSpec => ({
      name: `${type}_${bound.min === undefined ? 'max' : 'min'}`,
      type,
      ...bound,
      description: 'edge',
    });
    const dataset: DatasetDeclaration = {
      ...playerHeartbeats,
      fields: [
        ...playerHeartbeats.fields,
        edge('bigint', { max: Number.MIN_SAFE_INTEGER + 18 }),
        edge('bigint', { min: Number.MAX_SAFE_INTEGER - 18 }),
        edge('int', { max: -(2 ** 31) + 5 }),
        edge('int', { min: 2 ** 31 - 6 }),
      ],
    };
    expect(datasetProblems(dataset)).toEqual([]);

    // Act
    const { records } = generateFromSchema(dataset, { seed: 3, count: 200, start: START, simulatedDurationMs: HOUR });

    // Assess
    for (const r of records) {
      expect(Number.isSafeInteger(r.bigint_max) && Number.isSafeInteger(r.bigint_min)).toBe(true);
      expect(Number(r.int_max)).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(Number(r.int_min)).toBeLessThanOrEqual(2 ** 31 - 1);
    }
    assessGenerated(dataset, 3, 200);
  });

  it('is deterministic per seed, and the seed changes the records', () => {
    // Act
    const run = (seed: number) =>
      generateFromSchema(playerHeartbeats, { seed, count: 50, start: START, simulatedDurationMs: HOUR }).records;

    // Assess
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('spreads enum fields over their known values and free text over a few values (partition keys)', () => {
    // Act
    const { records } = generateFromSchema(playerHeartbeats, { seed: 1, count: 400, start: START, simulatedDurationMs: HOUR });

    // Assess
    expect(new Set(records.map((r) => r.screen))).toEqual(new Set(['tv', 'phone']));
    const players = new Set(records.map((r) => r.player_id));
    expect(players.size).toBeGreaterThan(1);
    expect(players.size).toBeLessThanOrEqual(8);
  });
});

describe('Function: invalidMutation', () => {
  it('breaks the first bounded number with all nines beyond the bound: status 999 for the access logs', () => {
    // Act
    const mutation = invalidMutation(accessLogs);

    // Assess
    expect(mutation.field).toBe('status_code');
    expect(mutation.apply({ status_code: 200 })).toEqual({ status_code: 999 });
    expect(invalidMutation(turbineTelemetry).apply({})).toEqual({ wind_speed_ms: 99 });
  });

  it('without a bounded number, leaves out a required field; without one, spoils the event time', () => {
    // Prepare
    const base = { ...playerHeartbeats, fields: playerHeartbeats.fields.filter((f) => f.name !== 'buffer_ms') };
    const timeOnly = { ...base, fields: base.fields.filter((f) => f.name === 'beat_time' || f.name === 'player_id') };

    // Act
    const missing = invalidMutation(base);
    const spoiled = invalidMutation(timeOnly);

    // Assess: the partition key is never the one left out (the producer could not send the record).
    expect(missing.field).toBe('screen');
    expect(missing.apply({ screen: 'tv', player_id: 'p' })).toEqual({ player_id: 'p' });
    expect(spoiled.field).toBe('beat_time');
    expect(spoiled.apply({ beat_time: '2026-01-01T00:00:00.000Z' })).toEqual({ beat_time: 'not-a-time' });
  });
});
