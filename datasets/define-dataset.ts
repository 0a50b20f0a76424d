import type { DatasetDeclaration, DimensionName, FieldSpec, MetricName, MetricUnit } from './dataset';

/**
 * `defineDataset()`: a declaration whose field names are types. The names listed in
 * `fields` and `derivedFields` become string-literal unions, and every function of the
 * declaration (enrich, detectCritical, the burst rule, the metric specs) and every
 * field reference (eventTimeField, partitionKeyField, eventIdField) is typed against
 * them, so a renamed or misspelt field fails `tsc` instead of reading `undefined`.
 *
 * The result is a plain `DatasetDeclaration` (what the compiled processor, the stacks
 * and the local run consume) carrying its field-name types for consumers that want them
 * (`FieldNameOf`, `InputRecordOf`).
 */

export type FieldValue = string | number | boolean | null;

/** A record whose keys are exactly the given field names. */
export type Row<K extends string> = { readonly [P in K]: FieldValue };

/** Columns the processor adds to every dataset (see PROCESSING_FIELDS in naming.ts). */
export type ProcessingFieldName = 'ingested_at' | 'is_critical' | 'critical_reason';

export interface TypedFieldSpec<N extends string> extends FieldSpec {
  readonly name: N;
}

type ExtraDimension = Exclude<DimensionName, 'Dataset'>;

export interface TypedMetricSpec<K extends string> {
  readonly name: MetricName;
  readonly unit: MetricUnit;
  readonly value?: (record: Row<K>) => number;
  readonly dimensions?: Partial<Record<ExtraDimension, (record: Row<K>) => string>>;
  readonly when?: (record: Row<K>) => boolean;
}

export interface TypedBurstRule<K extends string> {
  readonly label: string;
  readonly matches: (record: Row<K>) => boolean;
  readonly threshold: number;
  readonly windowMs: number;
}

type Untyped =
  | 'fields'
  | 'derivedFields'
  | 'eventTimeField'
  | 'partitionKeyField'
  | 'eventIdField'
  | 'enrich'
  | 'detectCritical'
  | 'metrics'
  | 'burstRule';

/**
 * What a declaration file writes. The declared fields `FS` (a tuple of field specs, kept
 * literal so producer record types can be derived) and the derived names `D` are
 * inferred from `fields` and `derivedFields` only: `NoInfer` keeps a misspelt
 * `eventTimeField` from widening them, so it fails instead.
 */
export interface DatasetDefinition<FS extends readonly FieldSpec[], D extends string> extends Omit<DatasetDeclaration, Untyped> {
  readonly fields: FS;
  readonly derivedFields: readonly TypedFieldSpec<D>[];
  readonly eventTimeField: NoInfer<NamesOf<FS>>;
  readonly partitionKeyField?: NoInfer<NamesOf<FS>>;
  readonly eventIdField?: NoInfer<NamesOf<FS>>;
  /** Sees the declared fields; returns exactly the derived ones. */
  readonly enrich: (record: Row<NoInfer<NamesOf<FS>>>) => Row<NoInfer<D>>;
  /** Sees the declared and derived fields. */
  readonly detectCritical: (record: Row<NoInfer<NamesOf<FS> | D>>) => string | null;
  readonly metrics: readonly TypedMetricSpec<NoInfer<NamesOf<FS> | D>>[];
  readonly burstRule?: TypedBurstRule<NoInfer<NamesOf<FS> | D>>;
}

/** The names of a tuple of field specs. */
export type NamesOf<FS extends readonly FieldSpec[]> = FS[number]['name'];

/** A declaration made by `defineDataset`: plain for its consumers, typed for its authors. */
export interface TypedDataset<FS extends readonly FieldSpec[], D extends string> extends DatasetDeclaration {
  /** Type-only brand carrying the field specs and derived names (never set at run time). */
  readonly __fields?: { readonly declared: FS; readonly derived: D };
}

/** The declared (input) field names of a dataset made by `defineDataset`. */
export type FieldNameOf<T> = T extends TypedDataset<infer FS, string> ? NamesOf<FS> : never;
/** Every column name after enrichment: declared, derived and processing fields. */
export type ProcessedFieldNameOf<T> = T extends TypedDataset<infer FS, infer D> ? NamesOf<FS> | D | ProcessingFieldName : never;

/** The TypeScript value of one field spec: its enum values, else by column type. */
type ValueOf<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'string' | 'timestamp' }
    ? string
    : S extends { readonly type: 'boolean' }
      ? boolean
      : number;
type Optional<S> = S extends { readonly required: false } ? true : false;

/**
 * What a producer sends, derived from the declaration: one key per declared field,
 * optional where the field is `required: false`, typed by the field's enum or column
 * type (timestamps as ISO-8601 text).
 */
export type InputRecordOf<T> =
  T extends TypedDataset<infer FS, string>
    ? { readonly [S in FS[number] as Optional<S> extends true ? never : S['name']]: ValueOf<S> } & {
        readonly [S in FS[number] as Optional<S> extends true ? S['name'] : never]?: ValueOf<S>;
      }
    : never;

/**
 * Returns the definition itself, viewed as a plain declaration. The processor hands
 * enrich, detectCritical, the burst rule and the metric specs records built from the
 * declared fields (the record validator puts every declared key in, null when absent;
 * enrich adds the derived ones), so a function written for `Row<F | D>` is sound where a
 * `NormalizedRecord` function is expected. No wrapper: the per-record hot path calls the
 * declared functions directly, as before.
 */
export function defineDataset<const FS extends readonly FieldSpec[], const D extends string>(
  definition: DatasetDefinition<FS, D>,
): TypedDataset<FS, D> {
  return definition as unknown as TypedDataset<FS, D>;
}
