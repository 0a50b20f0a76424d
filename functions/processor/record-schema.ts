import { z } from 'zod';
import type { DatasetDeclaration, FieldSpec, NormalizedRecord } from '../../datasets/dataset';
import { canonicalIp } from './canonical-ip';
import { MIN_EVENT_TIME_MS, parseEventTime } from './event-time';

/** Bound for string fields that declare no maxLength: strings are always bounded. */
export const DEFAULT_MAX_STRING_LENGTH = 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RecordSchemaOptions {
  /** Event times later than now + this are invalid. */
  readonly maxFutureSkewMs: number;
}

/** Validates and normalizes one parsed payload against a dataset's declared fields. */
export interface RecordValidator {
  /** The normalized record (declared fields only, in order; absent optional fields are null), or a reason naming the field. */
  validate(payload: Record<string, unknown>, nowMs: number): { ok: true; record: NormalizedRecord } | { ok: false; reason: string };
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

function numberSchema(field: FieldSpec, integer: boolean): z.ZodType<number> {
  let schema = integer ? z.int() : z.number();
  if (field.min !== undefined) schema = schema.min(field.min);
  if (field.max !== undefined) schema = schema.max(field.max);
  return schema;
}

function stringSchema(field: FieldSpec): z.ZodType<string> {
  if (field.format === 'uuid') return z.string().regex(UUID, 'expected a UUID (8-4-4-4-12 hex)').transform((v) => v.toLowerCase());
  if (field.format === 'ip') {
    return z.string().transform((v, ctx) => {
      const ip = canonicalIp(v);
      if (ip !== null) return ip;
      ctx.issues.push({ code: 'custom', message: 'expected an IPv4 or IPv6 address', input: v });
      return z.NEVER;
    });
  }
  if (field.enum !== undefined) {
    const known = new Set(field.enum);
    // Unknown values stay visible as `other` instead of failing the record.
    return z.string().transform((v) => (known.has(v) ? v : 'other'));
  }
  const max = field.maxLength ?? DEFAULT_MAX_STRING_LENGTH;
  return z.string().transform((v) => truncate(v, max));
}

/** Builds the zod schema of a dataset's input record from its FieldSpecs. */
export function buildRecordValidator(dataset: Pick<DatasetDeclaration, 'fields'>, options: RecordSchemaOptions): RecordValidator {
  // The skew check needs "now"; set per validate() call so the schema is built once.
  let latestAllowedMs = 0;
  const timestampSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = parseEventTime(v);
    if (typeof ms === 'string') {
      ctx.issues.push({ code: 'custom', message: ms, input: v });
      return z.NEVER;
    }
    if (ms > latestAllowedMs) {
      ctx.issues.push({ code: 'custom', message: `is more than ${options.maxFutureSkewMs / 1000} s in the future`, input: v });
      return z.NEVER;
    }
    if (ms < MIN_EVENT_TIME_MS) {
      ctx.issues.push({ code: 'custom', message: 'is before 2000-01-01 (epoch seconds instead of milliseconds?)', input: v });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

  const shape: Record<string, z.ZodType> = {};
  for (const field of dataset.fields) {
    let schema: z.ZodType;
    switch (field.type) {
      case 'string':
        schema = stringSchema(field);
        break;
      case 'int':
      case 'bigint':
        schema = numberSchema(field, true);
        break;
      case 'double':
        schema = numberSchema(field, false);
        break;
      case 'boolean':
        schema = z.boolean();
        break;
      case 'timestamp':
        schema = timestampSchema;
        break;
    }
    shape[field.name] = field.required === false ? schema.nullish().transform((v) => v ?? null) : schema;
  }
  const schema = z.object(shape);

  return {
    validate(payload, nowMs) {
      latestAllowedMs = nowMs + options.maxFutureSkewMs;
      const result = schema.safeParse(payload);
      if (result.success) return { ok: true, record: result.data as NormalizedRecord };
      return { ok: false, reason: describeIssue(result.error.issues[0], payload) };
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined, payload: Record<string, unknown>): string {
  if (issue === undefined) return 'invalid record';
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
  const top = issue.path[0];
  if (issue.code === 'invalid_type' && typeof top === 'string' && (payload[top] === undefined || payload[top] === null)) {
    return `field '${field}': required, missing`;
  }
  return `field '${field}': ${issue.message}`;
}
