import type { DatasetDeclaration, FieldSpec } from '../datasets/dataset';
import type { FieldValue } from '../datasets/define-dataset';
import { InvalidProducerOptionError, ProducerError } from './errors';
import type { GeneratedRun } from './scenarios';
import { deriveSeed, SeededRandom } from './seeded-random';
import { sortedUniformTimes } from './sorted-times';

/** A record the schema-driven generator makes: one key per declared field it sets. */
export type SchemaRecord = Readonly<Record<string, FieldValue>>;

export interface SchemaGeneratorOptions {
  readonly seed: number;
  /** Records over the span. */
  readonly count: number;
  readonly start: Date;
  readonly simulatedDurationMs: number;
}

/** Share of records that carry an optional field (the event id is always set: the lake counts by it). */
const OPTIONAL_PRESENT = 0.8;
/** Distinct values of a free-text field: few, so the partition key spreads over a handful of keys, like real sources. */
const TEXT_VALUES = 8;
/** Width of a numeric range the declaration leaves open on one or both sides. */
const OPEN_RANGE = 1000;

/** What an integer column holds: Glue's int is 32-bit; bigint values stay exact integers (the processor refuses others). */
const COLUMN_RANGE: Partial<Record<FieldSpec['type'], { lo: number; hi: number }>> = {
  int: { lo: -(2 ** 31), hi: 2 ** 31 - 1 },
  bigint: { lo: Number.MIN_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER },
};

/**
 * A field's numeric range [lo, hi], from its declared bounds (open sides get OPEN_RANGE),
 * an open side kept inside the column's range: a max near the smallest bigint must not
 * open the range below it.
 */
function numericRange(field: FieldSpec): { lo: number; hi: number } {
  const column = COLUMN_RANGE[field.type] ?? { lo: -Number.MAX_VALUE, hi: Number.MAX_VALUE };
  const lo = field.min ?? Math.max(column.lo, field.max !== undefined ? Math.min(0, field.max - OPEN_RANGE) : 0);
  const hi = field.max ?? Math.min(column.hi, lo + OPEN_RANGE);
  return { lo, hi };
}

/** An integer in the field's bounds; a declaration whose bounds hold no integer cannot be generated for. */
function integerValue(dataset: DatasetDeclaration, field: FieldSpec, r: SeededRandom): number {
  const { lo, hi } = numericRange(field);
  const from = Math.ceil(lo);
  const to = Math.floor(hi);
  if (from > to)
    throw new ProducerError(`datasets/${dataset.name}.fields[${field.name}]: no integer in [${lo}, ${hi}]; expected bounds that hold one`);
  return r.int(from, to);
}

/** A double in the bounds, at two decimals like a sensor reading, never rounded out of them. */
function doubleValue(field: FieldSpec, r: SeededRandom): number {
  const { lo, hi } = numericRange(field);
  const value = Math.round(r.between(lo, hi) * 100) / 100;
  return Math.min(hi, Math.max(lo, value));
}

/** Public-looking IPv4 text (already canonical, so the processor keeps it as sent). */
function ipValue(r: SeededRandom): string {
  return `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function stringValue(field: FieldSpec, r: SeededRandom): string {
  if (field.format === 'uuid') return r.uuid();
  if (field.format === 'ip') return ipValue(r);
  if (field.enum !== undefined) {
    // Known values: `other` is what the processor makes of unknown input, not something to send.
    const known = field.enum.filter((v) => v !== 'other');
    return r.pick(known.length > 0 ? known : field.enum);
  }
  const text = `${field.name.replace(/_/g, '-')}-${r.int(1, TEXT_VALUES)}`;
  return field.maxLength === undefined ? text : text.slice(Math.max(0, text.length - field.maxLength));
}

/** A valid value of one field, by its declared type, format, enum and bounds; timestamps are the event time. */
function fieldValue(dataset: DatasetDeclaration, field: FieldSpec, r: SeededRandom, timeIso: string): FieldValue {
  switch (field.type) {
    case 'string':
      return stringValue(field, r);
    case 'int':
    case 'bigint':
      return integerValue(dataset, field, r);
    case 'double':
      return doubleValue(field, r);
    case 'boolean':
      return r.chance(0.5);
    case 'timestamp':
      return timeIso;
  }
}

/**
 * One valid record of a dataset at an event time, from its declaration alone: every
 * required field, most optional ones, each value inside the field's type, format,
 * enum and bounds, so the processor accepts it unchanged.
 */
export function schemaRecord(dataset: DatasetDeclaration, r: SeededRandom, timeMs: number): SchemaRecord {
  const timeIso = new Date(timeMs).toISOString();
  const record: Record<string, FieldValue> = {};
  for (const field of dataset.fields) {
    const always = field.required !== false || field.name === dataset.eventIdField;
    if (!always && !r.chance(OPTIONAL_PRESENT)) continue;
    record[field.name] = fieldValue(dataset, field, r, timeIso);
  }
  return record;
}

/**
 * The schema-driven generator: records of any declared dataset, for a dataset with no
 * hand-written generator (producers/generator-registry.ts). Event times are uniform over
 * the span, in ascending order; no scenarios. Pure: the same options give the same records.
 */
export function generateFromSchema(dataset: DatasetDeclaration, options: SchemaGeneratorOptions): GeneratedRun<SchemaRecord> {
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new InvalidProducerOptionError('count', `got ${options.count}; expected a non-negative integer`);
  const startMs = options.start.getTime();
  const endMs = startMs + options.simulatedDurationMs;
  const r = new SeededRandom(deriveSeed(options.seed, `schema-${dataset.name}`));
  const times = new SeededRandom(deriveSeed(options.seed, `schema-${dataset.name}-times`));
  const records = [...sortedUniformTimes(times, options.count, startMs, endMs)].map((t) => schemaRecord(dataset, r, t));
  return { records, windows: [], start: options.start, end: new Date(endMs) };
}
