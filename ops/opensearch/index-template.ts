import type { DatasetDeclaration, FieldSpec } from '../../datasets/dataset';
import { processedFields } from '../../datasets/naming';

type Mapping = Readonly<Record<string, unknown>>;

/** OpenSearch field mapping of a processed column. */
export function fieldMapping(field: FieldSpec): Mapping {
  switch (field.type) {
    case 'string':
      if (field.format === 'ip') return { type: 'ip' };
      // Exact-match terms (codes, regions, ids): aggregations and filters, not full text.
      return { type: 'keyword', ignore_above: field.maxLength ?? 1024 };
    case 'timestamp':
      return { type: 'date', format: 'strict_date_optional_time||epoch_millis' };
    case 'int':
      return { type: 'integer' };
    case 'bigint':
      return { type: 'long' };
    case 'double':
      return { type: 'double' };
    case 'boolean':
      return { type: 'boolean' };
  }
}

/** Pattern of the daily indices the search Firehose writes (`<dataset>-YYYY-MM-DD`). */
export function dailyIndexPattern(dataset: Pick<DatasetDeclaration, 'name'>): string {
  return `${dataset.name}-*`;
}

export interface IndexTemplateOptions {
  /** @default 1 */
  readonly shards?: number;
  /** @default 1 (one copy on another node; 0 on a single-node domain) */
  readonly replicas?: number;
}

/** Composable index template for a dataset's daily indices, mapping exactly its processed fields. */
export function indexTemplate(
  dataset: Pick<DatasetDeclaration, 'name' | 'fields' | 'derivedFields'>,
  options: IndexTemplateOptions = {},
): Mapping {
  const properties = Object.fromEntries(processedFields(dataset).map((f) => [f.name, fieldMapping(f)]));
  return {
    index_patterns: [dailyIndexPattern(dataset)],
    priority: 100,
    template: {
      settings: { number_of_shards: options.shards ?? 1, number_of_replicas: options.replicas ?? 1 },
      // Unknown keys are kept in _source but not indexed: no mapping explosion from a bad producer.
      mappings: { dynamic: false, properties },
    },
    _meta: { managed_by: 'npm run bootstrap:opensearch', dataset: dataset.name },
  };
}
