import { accessLogs } from '../../datasets/access-logs';
import type { DatasetDeclaration } from '../../datasets/dataset';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { buildRecordValidator } from '../../functions/processor/record-schema';
import { generateDataset, generatorFor, GENERATORS, SCHEMA_GENERATOR, type GenerationRequest } from '../../producers/generator-registry';
import { playerHeartbeats } from '../fixtures/player-heartbeats';

const START = new Date('2026-03-02T00:00:00.000Z');
const SPAN_MS = 60 * 60_000;

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    seed: 3,
    start: START,
    simulatedDurationMs: SPAN_MS,
    scenarios: [],
    size: { count: 200, readingsPerTurbine: 40, schemaRecords: 120 },
    ...overrides,
  };
}

/** How many of the records the processor would quarantine. */
function rejected(dataset: DatasetDeclaration, records: readonly object[]): number {
  const validator = buildRecordValidator(dataset, { maxFutureSkewMs: 0 });
  return records.filter((r) => !validator.validate({ ...(r as Record<string, unknown>) }, START.getTime() + SPAN_MS).ok).length;
}

function sortedByTime(dataset: DatasetDeclaration, records: readonly object[]): boolean {
  const times = records.map((r) => String((r as Record<string, unknown>)[dataset.eventTimeField]));
  return times.every((t, i) => i === 0 || (times[i - 1] ?? '') <= t);
}

describe('Generator registry', () => {
  it('keeps the hand-written generators for the registered datasets and falls back to the schema-driven one', () => {
    expect(Object.keys(GENERATORS)).toEqual([accessLogs.name, turbineTelemetry.name]);
    expect(generatorFor(accessLogs)).not.toBe(SCHEMA_GENERATOR);
    expect(generatorFor(turbineTelemetry)).not.toBe(SCHEMA_GENERATOR);
    expect(generatorFor(playerHeartbeats)).toBe(SCHEMA_GENERATOR);
  });

  it('gives each generator the scenarios it knows, in its own size unit', () => {
    // Act
    const logs = generateDataset(accessLogs, request({ scenarios: ['outage', 'fault'] }), 0);
    const turbines = generateDataset(turbineTelemetry, request({ scenarios: ['outage', 'fault'] }), 0);
    const heartbeats = generateDataset(playerHeartbeats, request({ scenarios: ['outage', 'fault'] }), 0);

    // Assess
    expect(logs.windows.map((w) => w.scenario)).toEqual(['outage']);
    expect(turbines.windows.map((w) => w.scenario)).toEqual(['fault']);
    expect(heartbeats.windows).toEqual([]);
    expect(turbines.records).toHaveLength(3 * 40);
    expect(heartbeats.records).toHaveLength(120);
    for (const [dataset, run] of [
      [accessLogs, logs],
      [turbineTelemetry, turbines],
      [playerHeartbeats, heartbeats],
    ] as const) {
      expect(sortedByTime(dataset, run.records)).toBe(true);
      expect(rejected(dataset, run.records)).toBe(0);
    }
  });

  it('mixes the malformed records into the datasets that take them, broken as their declaration says, in event-time order', () => {
    // Act
    const logs = generateDataset(accessLogs, request(), 5);
    const turbines = generateDataset(turbineTelemetry, request(), 5);
    const heartbeats = generateDataset(playerHeartbeats, request(), 5);

    // Assess
    expect(logs.records).toHaveLength(205);
    expect(rejected(accessLogs, logs.records)).toBe(5);
    expect(logs.records.filter((r) => (r as { status_code: number }).status_code === 999)).toHaveLength(5);
    expect(new Set(logs.records.map((r) => (r as { event_id: string }).event_id)).size).toBe(205);
    expect(turbines.records).toHaveLength(120);
    expect(rejected(turbineTelemetry, turbines.records)).toBe(0);
    expect(heartbeats.records).toHaveLength(125);
    expect(rejected(playerHeartbeats, heartbeats.records)).toBe(5);
    for (const [dataset, run] of [
      [accessLogs, logs],
      [playerHeartbeats, heartbeats],
    ] as const)
      expect(sortedByTime(dataset, run.records)).toBe(true);
  });
});
