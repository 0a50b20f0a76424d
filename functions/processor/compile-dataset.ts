import type { BurstRule, DatasetDeclaration } from '../../datasets/dataset';
import { processedFields } from '../../datasets/naming';
import { burstRuleFor } from './burst';
import { compileDerivedColumnsCopy, type DerivedColumnsCopy } from './compiled/derived-columns';
import { compileMetricRecorder, type MetricRecorderFactory } from './compiled/metric-recorder';
import { compileRowSerializer, type RowSerializer } from './compiled/row-serializer';
import { PROCESSOR_DEFAULTS } from './processor-defaults';
import { buildRecordValidator, type RecordValidator } from './record-schema';

export interface CompileOptions {
  /** Event times later than now + this are quarantined. @default PROCESSOR_DEFAULTS.maxFutureSkewSeconds */
  readonly maxFutureSkewSeconds?: number;
  /** The burst rule applied across a batch; null turns bursts off. @default the declaration's `burstRule` */
  readonly burstRule?: BurstRule | null;
}

/**
 * A dataset ready for `processRecords`: its checks, normalization, serializer, derived
 * columns copy and metric recorder, built once from the declaration (the generated code
 * of `compiled/`), not per batch.
 */
export interface CompiledDataset {
  readonly declaration: DatasetDeclaration;
  readonly validator: RecordValidator;
  readonly serialize: RowSerializer;
  readonly copyDerived: DerivedColumnsCopy;
  readonly recordMetrics: MetricRecorderFactory;
  /** null: no burst detection. */
  readonly burstRule: BurstRule | null;
}

/**
 * The processor's compile step. The handler calls it once, at cold start: the first
 * invocation then does not pay the ~9 ms of compilation, and a declaration the
 * compilers refuse (e.g. an undeclared dimension value set) fails the init, not a batch.
 * Tests, the bench and tools that run the core call it once per dataset too.
 */
export function compileDataset(declaration: DatasetDeclaration, options: CompileOptions = {}): CompiledDataset {
  const maxFutureSkewSeconds = options.maxFutureSkewSeconds ?? PROCESSOR_DEFAULTS.maxFutureSkewSeconds;
  if (!Number.isFinite(maxFutureSkewSeconds) || maxFutureSkewSeconds < 0) {
    throw new RangeError(
      `compileDataset '${declaration.name}': maxFutureSkewSeconds must be a finite number >= 0, got ${maxFutureSkewSeconds}`,
    );
  }
  const extraColumns = processedFields(declaration)
    .slice(declaration.fields.length)
    .map((f) => f.name);
  return {
    declaration,
    validator: buildRecordValidator(declaration, { maxFutureSkewMs: maxFutureSkewSeconds * 1000, extraColumns }),
    serialize: compileRowSerializer(
      declaration.fields.map((f) => f.name),
      extraColumns,
    ),
    copyDerived: compileDerivedColumnsCopy(declaration.derivedFields.map((f) => f.name)),
    recordMetrics: compileMetricRecorder(declaration),
    burstRule: options.burstRule === undefined ? burstRuleFor(declaration) : options.burstRule,
  };
}
