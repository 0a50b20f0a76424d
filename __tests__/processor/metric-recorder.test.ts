import type { MetricDimensions, MetricName, MetricPoint, MetricSpec, MetricUnit, NormalizedRecord } from '../../datasets/dataset';
import { EmfEmitter } from '../../functions/processor/emf-emitter';
import { compileMetricRecorder } from '../../functions/processor/metric-recorder';
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
const row = (device: string, region: string, latency: number, code?: string): NormalizedRecord => ({ device, region, latency, error: code !== undefined, code: code ?? null });

describe('Function: compileMetricRecorder', () => {
  it('resolves each distinct series once per batch and adds each record to it', () => {
    // Prepare
    const emitter = new RecordingEmitter();
    const record = compileMetricRecorder({ name: 'd', metrics: specs })(emitter);
    // Act
    for (const r of [row('web', 'eu', 10), row('web', 'eu', 20, 'E1'), row('tv', 'eu', 30), row('web', 'us', 40, 'E1'), row('web', 'eu', 50)]) record(r);
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
    const factory = compileMetricRecorder({ name: 'd', metrics: specs });
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
    compileMetricRecorder({ name: 'd', metrics: specs })(emitter);
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
    const record = compileMetricRecorder({ name: 'd', metrics: specs })(specsEmitter);
    // Act
    for (const r of rows) {
      record(r);
      pointsEmitter.add('d', [
        { name: 'Requests', value: 1, unit: 'Count', dimensions: { DeviceType: String(r.device), Region: String(r.region) } },
        { name: 'LatencyMs', value: Number(r.latency), unit: 'Milliseconds' },
        ...(r.error === true ? [{ name: 'Errors' as const, value: 1, unit: 'Count' as const, dimensions: { ErrorCode: String(r.code) } }] : []),
      ]);
    }
    specsEmitter.flush();
    pointsEmitter.flush();
    // Assess
    const sorted = (lines: string[]) => lines.map((l) => JSON.parse(l) as unknown).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(viaSpecs)).toEqual(sorted(viaPoints));
    expect(viaSpecs).toHaveLength(4);
  });
});
