import fc from 'fast-check';
import type {
  DatasetDeclaration,
  MetricDimensions,
  MetricName,
  MetricPoint,
  MetricSpec,
  MetricUnit,
  NormalizedRecord,
} from '../../datasets/dataset';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { compileMetricRecorder } from '../../functions/processor/compiled/metric-recorder';
import { dimensionProblems, maxSeries } from '../../functions/processor/metric-dimensions';
import type { MetricsEmitter } from '../../functions/processor/ports';

/** Emitter that records which series were asked for and what each received. */
class RecordingEmitter implements MetricsEmitter {
  public readonly series_: { name: MetricName; unit: MetricUnit; dimensions?: MetricDimensions; values: number[] }[] = [];
  public add(_dataset: string, _points: readonly MetricPoint[]): void {
    throw new Error('per-record metrics go through series()');
  }
  public series(_dataset: string, name: MetricName, unit: MetricUnit, dimensions?: MetricDimensions): (value: number) => void {
    const entry = { name, unit, ...(dimensions === undefined ? {} : { dimensions }), values: [] as number[] };
    this.series_.push(entry);
    return (value) => entry.values.push(value);
  }
  public flush(): void {}
  public reset(): void {}
}

const specs: MetricSpec[] = [
  { name: 'Requests', unit: 'Count', dimensions: { DeviceType: (r) => String(r.device), Region: (r) => String(r.region) } },
  { name: 'LatencyMs', unit: 'Milliseconds', value: (r) => Number(r.latency) },
  { name: 'Errors', unit: 'Count', when: (r) => r.error === true, dimensions: { ErrorCode: (r) => String(r.code) } },
];
const dimensionValues = { DeviceType: ['web', 'tv', 'other'], Region: ['eu', 'us', 'other'], ErrorCode: ['E1', 'E2', 'other'] };
const declared = { name: 'd', metrics: specs, dimensionValues };
const row = (device: string, region: string, latency: number, code?: string): NormalizedRecord => ({
  device,
  region,
  latency,
  error: code !== undefined,
  code: code ?? null,
});

describe('Function: compileMetricRecorder', () => {
  it('resolves each distinct series once per batch and adds each record to it', () => {
    // Prepare
    const emitter = new RecordingEmitter();
    const record = compileMetricRecorder(declared)(emitter);
    // Act
    for (const r of [
      row('web', 'eu', 10),
      row('web', 'eu', 20, 'E1'),
      row('tv', 'eu', 30),
      row('web', 'us', 40, 'E1'),
      row('web', 'eu', 50),
    ])
      record(r);
    // Assess
    expect(emitter.series_).toEqual([
      { name: 'Requests', unit: 'Count', dimensions: { DeviceType: 'web', Region: 'eu' }, values: [1, 1, 1] },
      { name: 'LatencyMs', unit: 'Milliseconds', values: [10, 20, 30, 40, 50] },
      { name: 'Errors', unit: 'Count', dimensions: { ErrorCode: 'E1' }, values: [1, 1] },
      { name: 'Requests', unit: 'Count', dimensions: { DeviceType: 'tv', Region: 'eu' }, values: [1] },
      { name: 'Requests', unit: 'Count', dimensions: { DeviceType: 'web', Region: 'us' }, values: [1] },
    ]);
  });

  it('starts from fresh series for each batch it is bound to', () => {
    // Prepare
    const factory = compileMetricRecorder(declared);
    const [first, second] = [new RecordingEmitter(), new RecordingEmitter()];
    // Act
    factory(first)(row('web', 'eu', 1));
    factory(second)(row('web', 'eu', 2));
    // Assess
    expect(second.series_.map((s) => [s.name, s.values])).toEqual([
      ['Requests', [1]],
      ['LatencyMs', [2]],
    ]);
  });

  it('asks for no series when no record applies', () => {
    // Prepare
    const emitter = new RecordingEmitter();
    // Act
    compileMetricRecorder(declared)(emitter);
    // Assess
    expect(emitter.series_).toEqual([]);
  });

  it('writes the same EMF as adding the equivalent points one record at a time', () => {
    // Prepare
    const rows = [row('web', 'eu', 10), row('tv', 'us', 20, 'E2'), row('web', 'eu', 30, 'E2')];
    const viaSpecs: string[] = [];
    const viaPoints: string[] = [];
    const specsEmitter = new EmfEmitter({ namespace: 'ns', output: (l) => viaSpecs.push(l), now: () => 0 });
    const pointsEmitter = new EmfEmitter({ namespace: 'ns', output: (l) => viaPoints.push(l), now: () => 0 });
    const record = compileMetricRecorder(declared)(specsEmitter);
    // Act
    for (const r of rows) {
      record(r);
      pointsEmitter.add('d', [
        { name: 'Requests', value: 1, unit: 'Count', dimensions: { DeviceType: String(r.device), Region: String(r.region) } },
        { name: 'LatencyMs', value: Number(r.latency), unit: 'Milliseconds' },
        ...(r.error === true
          ? [{ name: 'Errors' as const, value: 1, unit: 'Count' as const, dimensions: { ErrorCode: String(r.code) } }]
          : []),
      ]);
    }
    specsEmitter.flush();
    pointsEmitter.flush();
    // Assess
    const sorted = (lines: string[]) =>
      lines.map((l) => JSON.parse(l) as unknown).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(viaSpecs)).toEqual(sorted(viaPoints));
    expect(viaSpecs).toHaveLength(4);
  });

  it('publishes a dimension value outside the declared set as other: blank, control, non-ASCII and unknown text alike', () => {
    // Prepare
    const emitter = new RecordingEmitter();
    const record = compileMetricRecorder(declared)(emitter);
    const hostile = ['', ' ', '\u0001', 'é', 'E3', 'x'.repeat(2000), 'web '];
    // Act
    for (const code of hostile) record(row('web', 'eu', 1, code));
    for (let i = 0; i < 1000; i++) record(row(`device-${i}`, `region-${i}`, 1, `CODE_${i}`));
    // Assess
    const errors = emitter.series_.filter((s) => s.name === 'Errors');
    expect(errors.map((s) => s.dimensions)).toEqual([{ ErrorCode: 'other' }]);
    expect(errors[0]?.values).toHaveLength(hostile.length + 1000);
    const requests = emitter.series_.filter((s) => s.name === 'Requests').map((s) => s.dimensions);
    expect(requests).toEqual([
      { DeviceType: 'web', Region: 'eu' },
      { DeviceType: 'other', Region: 'other' },
    ]);
  });

  it('refuses a declaration whose dimensions are undeclared, lack other, or hold values CloudWatch rejects', () => {
    // Prepare
    const bad = { metrics: specs, dimensionValues: { DeviceType: ['web', ' ', 'tv\u0007', 'é', 'other'], Region: ['eu'] } };
    // Act
    const problems = dimensionProblems(bad);
    // Assess
    expect(problems).toEqual([
      'dimensionValues.DeviceType: " " is not 1-1024 printable ASCII characters, not blank',
      'dimensionValues.DeviceType: "tv\\u0007" is not 1-1024 printable ASCII characters, not blank',
      'dimensionValues.DeviceType: "é" is not 1-1024 printable ASCII characters, not blank',
      "dimensionValues.Region: must include 'other'",
      'dimensionValues.ErrorCode: missing; every dimension a metric uses needs its declared values',
    ]);
    expect(() => compileMetricRecorder({ name: 'd', ...bad })).toThrow(/^dataset 'd': dimensionValues\.DeviceType/);
  });

  it('bounds the series of each metric: [Dataset] plus one per declared value of each dimension', () => {
    // Assess
    expect(specs.map((spec) => maxSeries(spec, dimensionValues))).toEqual([1 + 3 + 3, 1, 1 + 3]);
  });
});

describe('Function: compileMetricRecorder (properties)', () => {
  type DimensionKey = keyof MetricDimensions;
  type MetricDeclaration = Pick<DatasetDeclaration, 'name' | 'metrics' | 'dimensionValues'>;
  const DIMENSIONS: readonly DimensionKey[] = ['DeviceType', 'Region', 'ErrorCode'];
  /** Column values: some declared, `other` itself, and text outside every declared set (blank, non-ASCII) or no text at all. */
  const cellText = fc.constantFrom('web', 'tv', 'eu', 'E1', 'other', '', ' ', 'é', 'unknown');
  const records = fc.array(
    fc.record({
      a: cellText,
      b: cellText,
      c: fc.oneof(cellText, fc.integer({ min: -5, max: 5 }), fc.constant(null)),
      n: fc.integer({ min: -1000, max: 1000 }),
      flag: fc.boolean(),
    }),
    { maxLength: 60 },
  );
  const spec: fc.Arbitrary<MetricSpec> = fc
    .record({
      name: fc.constantFrom<MetricName>('Requests', 'Errors', 'LatencyMs', 'Readings'),
      unit: fc.constantFrom<MetricUnit>('Count', 'Milliseconds', 'None'),
      value: fc.option(fc.constantFrom('n', 'c'), { nil: undefined }),
      when: fc.option(fc.boolean(), { nil: undefined }),
      dimensions: fc.uniqueArray(fc.tuple(fc.constantFrom(...DIMENSIONS), fc.constantFrom('a', 'b', 'c')), {
        selector: ([d]) => d,
        maxLength: 3,
      }),
    })
    .map(({ name, unit, value, when, dimensions }) => ({
      name,
      unit,
      ...(value === undefined ? {} : { value: (r: NormalizedRecord) => Number(r[value]) }),
      ...(when === undefined ? {} : { when: (r: NormalizedRecord) => r.flag === when }),
      ...(dimensions.length === 0
        ? {}
        : { dimensions: Object.fromEntries(dimensions.map(([d, column]) => [d, (r: NormalizedRecord) => String(r[column])])) }),
    }));
  /** Each dimension's declared values: any of the column texts CloudWatch accepts, and `other`. */
  const declaredValues: fc.Arbitrary<MetricDeclaration['dimensionValues']> = fc.record(
    Object.fromEntries(DIMENSIONS.map((d) => [d, fc.subarray(['web', 'tv', 'eu', 'E1', 'unknown']).map((values) => [...values, 'other'])])),
  );

  /**
   * The reference: a plain loop over the specs for every record, keeping each series'
   * values under the spec and its dimension values (undeclared values become `other`).
   */
  function naiveSeries(declaration: MetricDeclaration, batch: readonly NormalizedRecord[]) {
    const series = new Map<string, { name: MetricName; unit: MetricUnit; dimensions?: MetricDimensions; values: number[] }>();
    for (const record of batch) {
      declaration.metrics.forEach((s, k) => {
        if (s.when !== undefined && !s.when(record)) return;
        const entries = Object.entries(s.dimensions ?? {}).map(([d, f]) => {
          const value = String(f(record));
          const known = declaration.dimensionValues?.[d as DimensionKey] ?? [];
          return [d, known.includes(value) ? value : 'other'] as const;
        });
        const key = JSON.stringify([k, entries]);
        let entry = series.get(key);
        if (entry === undefined) {
          entry = { name: s.name, unit: s.unit, ...(entries.length === 0 ? {} : { dimensions: Object.fromEntries(entries) }), values: [] };
          series.set(key, entry);
        }
        entry.values.push(s.value === undefined ? 1 : s.value(record));
      });
    }
    return [...series.values()];
  }

  it('gives every series exactly the values a naive loop over the specs gives it, batch by batch, asking for each series once', () => {
    const byContent = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 6 }),
        declaredValues,
        fc.array(records, { minLength: 1, maxLength: 3 }),
        (metrics, dimensionValues, batches) => {
          // Prepare
          const declaration: MetricDeclaration = { name: 'd', metrics, dimensionValues };
          const factory = compileMetricRecorder(declaration);
          for (const batch of batches) {
            const emitter = new RecordingEmitter();
            const record = factory(emitter);
            // Act
            for (const r of batch) record(r);
            // Assess: the same series with the same values in record order; each asked for once, none for a spec no record applies to.
            expect([...emitter.series_].sort(byContent)).toEqual(naiveSeries(declaration, batch).sort(byContent));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
