import type {
  DatasetDeclaration,
  FieldSpec,
  MetricDimensions,
  MetricName,
  MetricSpec,
  MetricUnit,
  NormalizedRecord,
} from '../../datasets/dataset';
import { accessLogs } from '../../datasets/access-logs';
import { turbineTelemetry } from '../../datasets/turbine-telemetry';
import { compileDataset } from '../../functions/processor/compile-dataset';
import { lineText } from '../../functions/processor/line-arena';
import type { InputRecord, MetricsEmitter, QuarantineEntry } from '../../functions/processor/ports';
import { processRecords } from '../../functions/processor/process-records';
import { generateAccessLogs } from '../../producers/access-log-generator';
import { invalidRecords } from '../../producers/invalid-records';
import { simulateTurbine } from '../../producers/turbine-simulator';

/**
 * Proof 3, by behaviour (issue 19 review): the scan of processor-knows-no-dataset.test.ts
 * is lexical, so `'status_' + 'class'` or a name built at run time would pass it. Here
 * every field of a declaration gets a prefix (its functions see the original names
 * through a wrapper), and the processor must do exactly the same with it: the same rows
 * under the new names, the same quarantine, the same metrics, the same bursts. Any
 * field name the processor held itself would behave differently once renamed.
 */
const P = 'q_';
type Row = Readonly<Record<string, unknown>>;

const prefixed = (r: Row): Record<string, unknown> => Object.fromEntries(Object.entries(r).map(([k, v]) => [`${P}${k}`, v]));
/** Back to the original names; the processing columns (ingested_at, ...) never had the prefix. */
const unprefixed = (r: Row): NormalizedRecord =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k.startsWith(P) ? k.slice(P.length) : k, v])) as NormalizedRecord;
const renameFields = (fields: readonly FieldSpec[]): FieldSpec[] => fields.map((f) => ({ ...f, name: `${P}${f.name}` }));

function renamedMetric(m: MetricSpec): MetricSpec {
  const { value, when, dimensions } = m;
  return {
    name: m.name,
    unit: m.unit,
    ...(value ? { value: (r: NormalizedRecord) => value(unprefixed(r)) } : {}),
    ...(when ? { when: (r: NormalizedRecord) => when(unprefixed(r)) } : {}),
    ...(dimensions
      ? { dimensions: Object.fromEntries(Object.entries(dimensions).map(([k, fn]) => [k, (r: NormalizedRecord) => fn(unprefixed(r))])) }
      : {}),
  };
}

/** The declaration with every field name prefixed; same behaviour, other names. */
function renamed(d: DatasetDeclaration): DatasetDeclaration {
  const burst = d.burstRule;
  return {
    ...d,
    fields: renameFields(d.fields),
    derivedFields: renameFields(d.derivedFields),
    eventTimeField: `${P}${d.eventTimeField}`,
    ...(d.eventIdField !== undefined ? { eventIdField: `${P}${d.eventIdField}` } : {}),
    ...(d.partitionKeyField !== undefined ? { partitionKeyField: `${P}${d.partitionKeyField}` } : {}),
    enrich: (r) => prefixed(d.enrich(unprefixed(r))) as NormalizedRecord,
    detectCritical: (r) => d.detectCritical(unprefixed(r)),
    ...(burst ? { burstRule: { ...burst, matches: (r: NormalizedRecord) => burst.matches(unprefixed(r)) } } : {}),
    metrics: d.metrics.map(renamedMetric),
  };
}

interface Outcome {
  readonly rows: Row[];
  readonly quarantined: string[];
  readonly metrics: string[];
}

/** Runs the processor core over the records; collects rows, quarantine reasons and every metric value. */
async function processAll(dataset: DatasetDeclaration, records: readonly Row[], nowMs: number): Promise<Outcome> {
  const quarantined: QuarantineEntry[] = [];
  const metrics: string[] = [];
  const emitter: MetricsEmitter = {
    add: (name, points) => points.forEach((p) => metrics.push(`${name} ${p.name} ${p.value} ${JSON.stringify(p.dimensions ?? {})}`)),
    series: (name: string, metric: MetricName, _unit: MetricUnit, dims?: MetricDimensions) => (value: number) =>
      metrics.push(`${name} ${metric} ${value} ${JSON.stringify(dims ?? {})}`),
    flush: () => undefined,
    reset: () => undefined,
  };
  const inputs: InputRecord[] = records.map((record, i) => ({
    sequenceNumber: String(i).padStart(20, '0'),
    partitionKey: `pk-${i % 4}`,
    data: Buffer.from(JSON.stringify(record)).toString('base64'),
    approximateArrivalTimestamp: nowMs / 1000,
  }));
  const result = await processRecords(inputs, {
    compiled: compileDataset(dataset),
    processedSink: { deliver: async () => ({ undelivered: [] }) },
    quarantineSink: {
      quarantine: async (entries) => {
        quarantined.push(...entries);
        return { undelivered: [] };
      },
    },
    metrics: emitter,
    clock: { now: () => nowMs },
  });
  return {
    rows: result.outbound.map((o) => JSON.parse(lineText(o)) as Row),
    quarantined: quarantined.map((q) => q.reason),
    metrics: metrics.sort(),
  };
}

const START = new Date(Date.UTC(2026, 11, 1, 10, 0, 0));
const NOW = START.getTime() + 3_600_000;

describe.each([
  [
    'access-logs (with its 5xx burst rule and malformed records)',
    accessLogs,
    (): Row[] => {
      const run = generateAccessLogs({ seed: 7, count: 400, scenarios: ['outage'], start: START });
      // Twelve plain 503s within a minute: critical only through the declared burst rule.
      const burst = run.records.slice(0, 12).map((r, i) => ({
        ...r,
        status_code: 503,
        error_code: undefined,
        error_severity: undefined,
        access_time: new Date(START.getTime() + 1_800_000 + i * 1000).toISOString(),
      }));
      return [...run.records.slice(12), ...burst, ...invalidRecords(accessLogs, run.records, 20, 7)] as Row[];
    },
  ],
  [
    'turbine-telemetry',
    turbineTelemetry,
    (): Row[] =>
      simulateTurbine({ turbineId: 'WT-002', seed: 7, start: START, simulatedDurationMs: 3_600_000, scenarios: ['fault'], count: 200 })
        .records as unknown as Row[],
  ],
])('The processor on %s with every field renamed', (_name, dataset, records) => {
  let original: Outcome;
  let other: Outcome;

  beforeAll(async () => {
    // Prepare
    const input = records();

    // Act
    original = await processAll(dataset, input, NOW);
    other = await processAll(renamed(dataset), input.map(prefixed), NOW);
  });

  it('writes the same rows under the new names, bursts and critical flags included', () => {
    expect(original.rows.length).toBeGreaterThan(100);
    expect(original.rows.some((r) => r.is_critical === true)).toBe(true);
    if (dataset.burstRule)
      expect(
        original.rows.filter((r) => String(r.critical_reason).startsWith(dataset.burstRule?.label ?? '')).length,
      ).toBeGreaterThanOrEqual(10);
    expect(other.rows.map(unprefixed)).toEqual(original.rows);
  });

  it('quarantines the same records for the same reasons', () => {
    expect(other.quarantined.map((reason) => reason.split(P).join(''))).toEqual(original.quarantined);
  });

  it('emits the same metrics', () => {
    expect(original.metrics.length).toBeGreaterThan(0);
    expect(other.metrics).toEqual(original.metrics);
  });
});
