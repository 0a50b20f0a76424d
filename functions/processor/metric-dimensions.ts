import type { DatasetDeclaration, DimensionName, MetricSpec } from '../../datasets/dataset';

/** The rules for a dataset's metric dimension values, and the series they allow. */

type DimensionKey = Exclude<DimensionName, 'Dataset'>;

/** CloudWatch's rule for a dimension value: 1-1024 characters, printable ASCII, not blank. */
const DIMENSION_VALUE = /^[\x20-\x7e]{1,1024}$/;

/** What is wrong with a dataset's declared dimension values: each used dimension declared, `other` included, every value valid for CloudWatch. */
export function dimensionProblems(dataset: Pick<DatasetDeclaration, 'metrics' | 'dimensionValues'>): string[] {
  const problems: string[] = [];
  const used = new Set(dataset.metrics.flatMap((spec) => Object.keys(spec.dimensions ?? {})));
  for (const name of used) {
    const values = dataset.dimensionValues?.[name as DimensionKey];
    if (values === undefined) {
      problems.push(`dimensionValues.${name}: missing; every dimension a metric uses needs its declared values`);
      continue;
    }
    if (!values.includes('other')) problems.push(`dimensionValues.${name}: must include 'other'`);
    for (const value of values) {
      if (!DIMENSION_VALUE.test(value) || value.trim() === '')
        problems.push(`dimensionValues.${name}: ${JSON.stringify(value)} is not 1-1024 printable ASCII characters, not blank`);
    }
  }
  return problems;
}

/**
 * The most distinct CloudWatch series (billed metrics) one MetricSpec can create per
 * month: [Dataset] once, plus one per declared value under each [Dataset, K].
 */
export function maxSeries(spec: Pick<MetricSpec, 'dimensions'>, dimensionValues: DatasetDeclaration['dimensionValues']): number {
  return 1 + Object.keys(spec.dimensions ?? {}).reduce((sum, name) => sum + new Set(dimensionValues?.[name as DimensionKey] ?? []).size, 0);
}
