import { LocalRunError } from './errors';

/** One EMF document's values of one metric under one dimension set. */
export interface Datapoint {
  /** `_aws.Timestamp`, epoch ms (the processor's clock: simulated arrival time). */
  readonly timestampMs: number;
  readonly values: readonly number[];
}

function seriesKey(metric: string, dimensions: Readonly<Record<string, string>>): string {
  return `${metric}|${Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k] ?? ''}`)
    .join(',')}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What CloudWatch would hold after ingesting the processor's EMF log lines:
 * datapoints per metric and dimension set (each document publishes its metrics
 * under every dimension set it names). Only the given namespace is kept.
 */
export class MetricStore {
  private readonly series = new Map<string, Datapoint[]>();
  private documentCount = 0;

  public constructor(private readonly namespace: string) {}

  public get documents(): number {
    return this.documentCount;
  }

  /** Ingests one EMF line; throws naming what is malformed. */
  public ingest(line: string): void {
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (error) {
      throw new LocalRunError(`EMF line is not JSON: ${line.slice(0, 80)}`, { cause: error });
    }
    const aws = isRecord(doc) ? doc._aws : undefined;
    if (!isRecord(doc) || !isRecord(aws) || typeof aws.Timestamp !== 'number' || !Array.isArray(aws.CloudWatchMetrics)) {
      throw new LocalRunError(`EMF line: expected an object with _aws.Timestamp and _aws.CloudWatchMetrics; got ${line.slice(0, 80)}`);
    }
    this.documentCount += 1;
    for (const directive of aws.CloudWatchMetrics) {
      if (!isRecord(directive) || directive.Namespace !== this.namespace) continue;
      const sets = Array.isArray(directive.Dimensions) ? directive.Dimensions : [];
      const metrics = Array.isArray(directive.Metrics) ? directive.Metrics : [];
      for (const metric of metrics) {
        const name = isRecord(metric) && typeof metric.Name === 'string' ? metric.Name : undefined;
        if (name === undefined) continue;
        const raw = doc[name];
        const values = typeof raw === 'number' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is number => typeof v === 'number') : [];
        if (values.length === 0) continue;
        for (const set of sets) {
          if (!Array.isArray(set)) continue;
          const dimensions: Record<string, string> = {};
          for (const d of set) if (typeof d === 'string' && typeof doc[d] === 'string') dimensions[d] = doc[d];
          const key = seriesKey(name, dimensions);
          let points = this.series.get(key);
          if (points === undefined) {
            points = [];
            this.series.set(key, points);
          }
          points.push({ timestampMs: aws.Timestamp, values });
        }
      }
    }
  }

  /** Datapoints of a metric under exactly this dimension set. */
  public datapoints(metric: string, dimensions: Readonly<Record<string, string>>): readonly Datapoint[] {
    return this.series.get(seriesKey(metric, dimensions)) ?? [];
  }
}
