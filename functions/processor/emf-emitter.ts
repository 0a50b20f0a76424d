import type { MetricDimensions, MetricName, MetricPoint, MetricUnit } from '../../datasets/dataset';
import type { MetricsEmitter } from './ports';

/** CloudWatch EMF accepts at most 100 values per metric in one document. */
const MAX_VALUES_PER_METRIC = 100;

export interface EmfEmitterProps {
  /** CloudWatch namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly namespace: string;
  /** Receives each EMF document as one JSON line (no newline). @default writes the line to stdout */
  readonly output?: (line: string) => void;
  /** Epoch ms for `_aws.Timestamp`. @default Date.now */
  readonly now?: () => number;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  group: Group | undefined;
}

function child(node: TrieNode, key: string): TrieNode {
  let next = node.children.get(key);
  if (next === undefined) {
    next = { children: new Map(), group: undefined };
    node.children.set(key, next);
  }
  return next;
}

/** One metric's data under one set of dimension values until the next flush: a sum for counts, every value otherwise. */
class Accumulator {
  public readonly values: number[] = [];
  public sum = 0;

  public constructor(public readonly unit: MetricUnit) {}

  public add(value: number): void {
    if (this.unit === 'Count') this.sum += value;
    else this.values.push(value);
  }
}

interface Group {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: Map<string, Accumulator>;
}

/**
 * Writes CloudWatch Embedded Metric Format. One flush writes one JSON line per
 * distinct set of dimension values (EMF takes dimension values from the document
 * root, so different values need different documents). Each line publishes its
 * metrics under [Dataset] and [Dataset, K] for each extra dimension K.
 * Count metrics are summed per line; other units keep every value (as arrays of
 * at most 100, continued on further lines) so percentiles stay right.
 */
export class EmfEmitter implements MetricsEmitter {
  private groups: Group[] = [];
  private root = new Map<string, TrieNode>();
  private readonly output: (line: string) => void;
  private readonly now: () => number;

  public constructor(private readonly props: EmfEmitterProps) {
    this.output = props.output ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = props.now ?? Date.now;
  }

  public add(dataset: string, points: readonly MetricPoint[]): void {
    for (const point of points) this.accumulator(dataset, point.name, point.unit, point.dimensions).add(point.value);
  }

  public series(dataset: string, name: MetricName, unit: MetricUnit, dimensions?: MetricDimensions): (value: number) => void {
    const accumulator = this.accumulator(dataset, name, unit, dimensions);
    return (value) => accumulator.add(value);
  }

  /** The accumulator of one metric under one set of dimension values, created on first use. */
  private accumulator(dataset: string, name: MetricName, unit: MetricUnit, extra: MetricDimensions | undefined): Accumulator {
    // Walk a trie of dimension names and values: no per-point key string to build and hash.
    let node = this.root.get(dataset);
    if (node === undefined) {
      node = { children: new Map(), group: undefined };
      this.root.set(dataset, node);
    }
    if (extra !== undefined) {
      for (const dimension in extra) {
        const value = extra[dimension as keyof typeof extra];
        if (value === undefined) continue;
        node = child(child(node, dimension), value);
      }
    }
    let group = node.group;
    if (group === undefined) {
      const dimensions: Record<string, string> = { Dataset: dataset };
      if (extra !== undefined)
        for (const [dimension, value] of Object.entries(extra)) if (value !== undefined) dimensions[dimension] = value;
      group = { dimensions, metrics: new Map() };
      node.group = group;
      this.groups.push(group);
    }
    let metric = group.metrics.get(name);
    if (metric === undefined) {
      metric = new Accumulator(unit);
      group.metrics.set(name, metric);
    }
    return metric;
  }

  public flush(): void {
    const timestamp = this.now();
    for (const group of this.groups) {
      const extraNames = Object.keys(group.dimensions).filter((d) => d !== 'Dataset');
      const dimensionSets = [['Dataset'], ...extraNames.map((d) => ['Dataset', d])];
      const pages = Math.max(1, ...[...group.metrics.values()].map((m) => Math.ceil(m.values.length / MAX_VALUES_PER_METRIC)));
      for (let page = 0; page < pages; page++) {
        const doc: Record<string, unknown> = { ...group.dimensions };
        const definitions: { Name: string; Unit: string }[] = [];
        for (const [name, metric] of group.metrics) {
          if (metric.unit === 'Count') {
            if (page > 0) continue;
            doc[name] = metric.sum;
          } else {
            const slice = metric.values.slice(page * MAX_VALUES_PER_METRIC, (page + 1) * MAX_VALUES_PER_METRIC);
            if (slice.length === 0) continue;
            doc[name] = slice.length === 1 ? slice[0] : slice;
          }
          definitions.push({ Name: name, Unit: metric.unit });
        }
        if (definitions.length === 0) continue;
        doc._aws = {
          Timestamp: timestamp,
          CloudWatchMetrics: [{ Namespace: this.props.namespace, Dimensions: dimensionSets, Metrics: definitions }],
        };
        this.output(JSON.stringify(doc));
      }
    }
    this.reset();
  }

  public reset(): void {
    this.groups = [];
    this.root = new Map();
  }
}
