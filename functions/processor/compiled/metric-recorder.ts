/*
 * Generated code (`new Function`). Why the processor generates code, and the rules every
 * generator in this folder keeps, are in docs/processor.md#generated-code.
 */
import type { DatasetDeclaration, DimensionName, MetricDimensions, MetricSpec, NormalizedRecord } from '../../../datasets/dataset';
import { dimensionProblems } from '../metric-dimensions';
import type { MetricsEmitter } from '../ports';

/** Adds one valid, enriched record's metrics. */
export type MetricRecorder = (record: NormalizedRecord) => void;

/** Binds the compiled specs of one dataset to an emitter for one batch. */
export type MetricRecorderFactory = (emitter: MetricsEmitter) => MetricRecorder;

type Series = (value: number) => void;
type DimensionKey = Exclude<DimensionName, 'Dataset'>;
type SeriesFor = (spec: number, values: readonly string[]) => Series;

/**
 * Compiles a dataset's MetricSpecs into one function per batch. Each spec's
 * functions are called from their own call site in generated code, so each site
 * sees one function and can be inlined (one generic loop over specs and dimension
 * functions was no faster than building metric objects per record). A record then
 * costs, per spec, a map lookup per dimension value and an add; the series of each
 * distinct dimension value is resolved once per batch. Only spec indices and
 * positions are embedded in the source; names and functions are passed in.
 */
export function compileMetricRecorder(dataset: Pick<DatasetDeclaration, 'name' | 'metrics' | 'dimensionValues'>): MetricRecorderFactory {
  const problems = dimensionProblems(dataset);
  if (problems.length > 0) throw new RangeError(`dataset '${dataset.name}': ${problems.join('; ')}`);
  const specs = dataset.metrics;
  const fns: ((record: NormalizedRecord) => unknown)[] = [];
  const fn = (f: (record: NormalizedRecord) => unknown): string => `f[${fns.push(f) - 1}]`;
  const sets: ReadonlySet<string>[] = [];
  const set = (name: string): string => `d[${sets.push(new Set(dataset.dimensionValues?.[name as DimensionKey] ?? [])) - 1}]`;
  const tries = specs.map((_, k) => `const t${k} = new Map();`);
  const steps = specs.map((spec, k) => {
    const value = spec.value === undefined ? '1' : `${fn(spec.value)}(r)`;
    const dims = Object.values(spec.dimensions ?? {}) as ((record: NormalizedRecord) => string)[];
    const dimNames = Object.keys(spec.dimensions ?? {});
    let body: string;
    if (dims.length === 0) {
      // Resolved on first use like the others, so a batch without such records emits nothing for it.
      body = `if (s${k} === undefined) s${k} = seriesFor(${k}, []); s${k}(${value});`;
      tries[k] = `let s${k};`;
    } else {
      // A value outside the declared set is published as `other`: producer text never becomes a series.
      const keys = dims
        .map((d, i) => `let a${i} = String(${fn(d)}(r)); if (!${set(dimNames[i] ?? '')}.has(a${i})) a${i} = 'other';`)
        .join(' ');
      const walk = dims
        .slice(0, -1)
        .map((_, i) => `{ let m = n.get(a${i}); if (m === undefined) { m = new Map(); n.set(a${i}, m); } n = m; }`)
        .join(' ');
      const last = `a${dims.length - 1}`;
      const all = dims.map((_, i) => `a${i}`).join(', ');
      body = `${keys} let n = t${k}; ${walk} let s = n.get(${last}); if (s === undefined) { s = seriesFor(${k}, [${all}]); n.set(${last}, s); } s(${value});`;
    }
    return spec.when === undefined ? `{ ${body} }` : `if (${fn(spec.when)}(r)) { ${body} }`;
  });
  const source = `return function bind(seriesFor) { ${tries.join(' ')} return function recordMetrics(r) { ${steps.join(' ')} }; };`;
  // Generated from spec positions only (see above), never from input.
  const bind = (new Function('f', 'd', source) as (f: typeof fns, d: typeof sets) => (seriesFor: SeriesFor) => MetricRecorder)(fns, sets);
  return (emitter) =>
    bind((k, values) => {
      const spec = specs[k] as MetricSpec;
      const names = Object.keys(spec.dimensions ?? {});
      const dimensions = Object.fromEntries(names.map((name, i) => [name, values[i] as string])) as MetricDimensions;
      return emitter.series(dataset.name, spec.name, spec.unit, names.length === 0 ? undefined : dimensions);
    });
}
