import * as z from 'zod';
import type { DatasetDeclaration, FieldSpec } from '../../datasets/dataset';
import { canonicalIp } from './canonical-ip';
import { compileNormalizePass, type FailureSlot, type FieldNormalizer } from './compiled/normalize-pass';
import { MIN_EVENT_TIME_MS, parseCanonicalIso, parseEventTime } from './event-time';
import { PROCESSOR_DEFAULTS } from './processor-defaults';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RecordSchemaOptions {
  /** Event times later than now + this are invalid. */
  readonly maxFutureSkewMs: number;
  /**
   * Columns the returned record also carries, set to null, after the declared ones
   * (e.g. derived and processing columns): the caller fills them in without changing
   * the object's shape, which keeps property access and JSON.stringify on V8's fast paths.
   * @default none
   */
  readonly extraColumns?: readonly string[];
}

export type ValidationResult = { ok: true; record: Record<string, string | number | boolean | null> } | { ok: false; reason: string };

/** Validates and normalizes one parsed payload against a dataset's declared fields. */
export interface RecordValidator {
  /** A fresh record of the declared fields, in order (absent optional fields are null), then the extra columns (null); or a reason naming the field. */
  validate(payload: Record<string, unknown>, nowMs: number): ValidationResult;
}

/**
 * Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair,
 * so the output stays well-formed Unicode.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** The zod schema of one field: types, formats and bounds (what makes a record invalid). */
function fieldSchema(field: FieldSpec): z.ZodType {
  const bounded = (schema: z.ZodNumber): z.ZodNumber => {
    const low = field.min === undefined ? schema : schema.gte(field.min);
    return field.max === undefined ? low : low.lte(field.max);
  };
  switch (field.type) {
    case 'string':
      return field.format === 'uuid' ? z.string().regex(UUID) : z.string();
    case 'int':
    case 'bigint':
      return bounded(z.int());
    case 'double':
      return bounded(z.number());
    case 'boolean':
      return z.boolean();
    case 'timestamp':
      return z.union([z.string(), z.number()]);
  }
}

/** The zod object schema of a dataset's input record: types, formats, bounds; unknown keys stripped. */
export function buildRecordSchema(dataset: Pick<DatasetDeclaration, 'fields'>): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of dataset.fields) shape[field.name] = field.required === false ? fieldSchema(field).nullish() : fieldSchema(field);
  return z.object(shape);
}

/** The normalizer of one field, or null when the value zod accepted is kept as it is. */
function normalizerFor(field: FieldSpec, options: RecordSchemaOptions, slot: FailureSlot): FieldNormalizer | null {
  const fail = (reason: string, value: string | number | boolean): string | number | boolean => {
    slot.reason = reason;
    return value;
  };
  if (field.type === 'timestamp') {
    return {
      canFail: true,
      normalize: (value, nowMs) => {
        const canonical = typeof value === 'string' ? parseCanonicalIso(value) : Number.NaN;
        const ms = Number.isNaN(canonical) ? parseEventTime(value as string | number) : canonical;
        if (typeof ms === 'string') return fail(ms, value);
        if (ms > nowMs + options.maxFutureSkewMs) return fail(`is more than ${options.maxFutureSkewMs / 1000} s in the future`, value);
        if (ms < MIN_EVENT_TIME_MS) return fail('is before 2000-01-01 (epoch seconds instead of milliseconds?)', value);
        // Producers mostly send the canonical form already: keep the string instead of rebuilding it.
        return Number.isNaN(canonical) ? new Date(ms).toISOString() : value;
      },
    };
  }
  if (field.type !== 'string') return null;
  if (field.format === 'uuid') return { canFail: false, normalize: (value) => (value as string).toLowerCase() };
  if (field.format === 'ip')
    return { canFail: true, normalize: (value) => canonicalIp(value as string) ?? fail('expected an IPv4 or IPv6 address', value) };
  if (field.enum !== undefined) {
    const known = new Set(field.enum);
    // Unknown values stay visible as `other` instead of failing the record.
    return { canFail: false, normalize: (value) => (known.has(value as string) ? value : 'other') };
  }
  const max = field.maxLength ?? PROCESSOR_DEFAULTS.maxStringLength;
  return { canFail: false, normalize: (value) => truncate(value as string, max) };
}

/**
 * Builds a dataset's validator from its FieldSpecs: a zod object schema checks
 * types, formats and numeric bounds; a compiled per-field pass then normalizes
 * (event time to ISO-8601 UTC with skew check, canonical IP, enum to `other`,
 * bounded strings). zod runs without transforms, which keeps it on its fast path.
 */
export function buildRecordValidator(dataset: Pick<DatasetDeclaration, 'fields'>, options: RecordSchemaOptions): RecordValidator {
  // zod's ahead-of-time compiler: a generated check for valid records (~0.15 µs against
  // ~0.45 µs for the object parser here); anything it rejects is parsed again by the
  // runtime parser, so the issues, and the reasons built from them, are the same.
  const schema = z.compile(buildRecordSchema(dataset));
  const slot: FailureSlot = { reason: null };
  const names = dataset.fields.map((field) => field.name);
  const normalize = compileNormalizePass(
    names,
    dataset.fields.map((field) => normalizerFor(field, options, slot)),
    options.extraColumns ?? [],
    slot,
  );

  return {
    validate(payload, nowMs) {
      const checked = schema.safeParse(payload);
      if (!checked.success) return { ok: false, reason: describeIssue(checked.error.issues[0], payload, dataset.fields) };
      const record = normalize(payload, nowMs);
      if (typeof record === 'number') {
        const reason = slot.reason ?? 'invalid';
        slot.reason = null;
        return { ok: false, reason: `field '${names[record] ?? '(record)'}': ${reason}` };
      }
      return { ok: true, record };
    },
  };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'non-integer number';
  return typeof value;
}

/** Largest and smallest integers a double holds exactly: zod's own bounds of `z.int()`. */
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/**
 * A reason that names the field and says what was expected, in one wording whatever
 * zod's locale: "missing" for an absent required field, and for a number out of
 * range the bound the dataset declares (zod may report its own safe-integer bound first).
 */
function describeIssue(issue: z.core.$ZodIssue | undefined, payload: Record<string, unknown>, fields: readonly FieldSpec[]): string {
  if (issue === undefined) return 'invalid record';
  const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
  const top = issue.path[0];
  const input = typeof top === 'string' ? payload[top] : undefined;
  const spec = fields.find((f) => f.name === top);
  const field = `field '${name}'`;
  // null is how JSON writes an absent value (NaN and Infinity serialize to it too).
  if (input === undefined || input === null) return `${field}: required, missing`;
  switch (issue.code) {
    case 'invalid_type':
      if (typeof input === 'number' && !Number.isFinite(input)) return `${field}: expected a finite number, got ${String(input)}`;
      return `${field}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${typeOf(input)}`;
    case 'too_big': {
      const bound = spec?.max ?? (typeof issue.maximum === 'number' && issue.maximum >= SAFE_MAX ? SAFE_MAX : issue.maximum);
      return `${field}: must be <= ${String(bound)}${spec?.max === undefined ? ' (largest exact integer)' : ''}, got ${String(input)}`;
    }
    case 'too_small': {
      const bound = spec?.min ?? issue.minimum;
      return `${field}: must be >= ${String(bound)}${spec?.min === undefined ? ' (smallest exact integer)' : ''}, got ${String(input)}`;
    }
    case 'invalid_format':
      return `${field}: expected ${issue.format === 'regex' ? 'a UUID (8-4-4-4-12 hex)' : issue.format}`;
    case 'invalid_union':
      return `${field}: expected ISO-8601 text or epoch milliseconds, got ${typeOf(input)}`;
    default:
      return `${field}: ${issue.message}`;
  }
}
