import type { DatasetDeclaration, FieldSpec } from '../datasets/dataset';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_FULL = /^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/;

function fieldProblem(field: FieldSpec, value: unknown): string | null {
  const expect = (what: string): string => `${field.name}: got ${JSON.stringify(value)}; expected ${what}`;
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return expect('a string');
      if (field.maxLength !== undefined && value.length > field.maxLength) return expect(`at most ${field.maxLength} characters`);
      if (field.enum && !field.enum.includes(value)) return expect(`one of ${field.enum.join(', ')}`);
      if (field.format === 'uuid' && !UUID.test(value)) return expect('a lower-case RFC 4122 UUID');
      if (field.format === 'ip' && !IPV4.test(value) && !IPV6_FULL.test(value)) return expect('an IPv4 or canonical IPv6 address');
      return null;
    case 'int':
    case 'bigint':
    case 'double': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return expect('a finite number');
      if (field.type !== 'double' && !Number.isSafeInteger(value)) return expect('an integer');
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
        return expect(`a value in [${field.min}, ${field.max}]`);
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : expect('a boolean');
    case 'timestamp':
      return typeof value === 'string' && ISO_UTC.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : expect('an ISO-8601 UTC timestamp');
  }
}

/**
 * What is wrong with a produced record against its dataset declaration: unknown
 * keys, missing required fields, wrong types, formats or bounds. Empty when the
 * record is exactly what the declaration describes. Stricter than the processor
 * (which coerces), because producers should send the canonical form.
 */
export function recordShapeProblems(dataset: Pick<DatasetDeclaration, 'fields'>, value: object): string[] {
  const record = value as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  const declared = new Set(dataset.fields.map((f) => f.name));
  for (const key of Object.keys(record)) {
    if (!declared.has(key)) problems.push(`${key}: not a declared field`);
  }
  for (const field of dataset.fields) {
    const value = record[field.name];
    if (value === undefined || value === null) {
      if (field.required !== false) problems.push(`${field.name}: missing; the field is required`);
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem !== null) problems.push(problem);
  }
  return problems;
}
