import { createHash } from 'node:crypto';
import type { DatasetDeclaration, FieldSpec } from '../datasets/dataset';

/**
 * The malformed records a run mixes in to show the quarantine, derived from the
 * declaration: the processor must reject each one, and the rest of the record stays
 * valid, so the event time still places it in the raw table and the reconciliation.
 */
export interface InvalidMutation {
  readonly field: string;
  /** Applied to a valid record; returns the malformed copy. */
  readonly apply: (record: Readonly<Record<string, unknown>>) => Record<string, unknown>;
  /** What is wrong, for docs and tests. */
  readonly description: string;
}

/** All nines above `bound` (599 -> 999, 80 -> 99): the placeholder a broken producer sends, and out of range. */
function ninesAbove(bound: number): number {
  let nines = 9;
  while (nines <= bound && Number.isFinite(nines)) nines = nines * 10 + 9;
  return nines;
}

function isBoundedNumber(field: FieldSpec): boolean {
  return (
    (field.type === 'int' || field.type === 'bigint' || field.type === 'double') && (field.min !== undefined || field.max !== undefined)
  );
}

/**
 * How to break a record of this dataset, in order of preference:
 * 1. the first bounded numeric field set out of its bounds (all nines above the max, or below the min);
 * 2. else the first required field left out, besides the event time and the partition key
 *    (the producer needs that one to send the record at all);
 * 3. else the event time replaced by text that is no time.
 */
export function invalidMutation(dataset: DatasetDeclaration): InvalidMutation {
  const bounded = dataset.fields.find(isBoundedNumber);
  if (bounded !== undefined) {
    const value = bounded.max !== undefined ? ninesAbove(bounded.max) : -ninesAbove(-(bounded.min ?? 0));
    return {
      field: bounded.name,
      apply: (r) => ({ ...r, [bounded.name]: value }),
      description: `${bounded.name} = ${value}, out of its bounds`,
    };
  }
  const required = dataset.fields.find(
    (f) => f.required !== false && f.name !== dataset.eventTimeField && f.name !== dataset.partitionKeyField,
  );
  if (required !== undefined) {
    return {
      field: required.name,
      apply: (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== required.name)),
      description: `required ${required.name} missing`,
    };
  }
  const time = dataset.eventTimeField;
  return { field: time, apply: (r) => ({ ...r, [time]: 'not-a-time' }), description: `${time} is no time` };
}

/** A deterministic RFC 4122-shaped id for the i-th malformed record of a dataset. */
function invalidEventId(dataset: string, seed: number, i: number): string {
  const h = createHash('sha256').update(`invalid-${dataset}-${seed}-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * `count` malformed copies of records spread evenly over `valid` (so their event times
 * span the run), each with its own event id when the dataset declares one. None when
 * there is no valid record to copy.
 */
export function invalidRecords(
  dataset: DatasetDeclaration,
  valid: readonly object[],
  count: number,
  seed: number,
): Record<string, unknown>[] {
  if (valid.length === 0) return [];
  const mutation = invalidMutation(dataset);
  const idField = dataset.eventIdField;
  return Array.from({ length: count }, (_, i) => {
    const base = (valid[Math.floor(((i + 0.5) * valid.length) / count)] ?? valid[0]) as Readonly<Record<string, unknown>>;
    const withId = idField === undefined ? base : { ...base, [idField]: invalidEventId(dataset.name, seed, i) };
    return mutation.apply(withId);
  });
}
