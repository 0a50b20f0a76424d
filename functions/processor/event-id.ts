import { createHash } from 'node:crypto';
import type { FieldSpec, NormalizedRecord } from '../../datasets/dataset';

/**
 * Namespace of content-derived event ids (a fixed random UUID). RFC 4122 name-based
 * ids (version 5) over the same canonical content are the same everywhere.
 */
export const EVENT_ID_NAMESPACE = '5d0b3c8e-6f3a-4c57-9a4e-2f1d8b7c6a90';
const NAMESPACE_BYTES = Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * Canonical content of a normalized record: its declared fields except the event-id field,
 * in declaration order, as a JSON array. Normalization runs first, so the same
 * event sent as ISO text or epoch milliseconds, or with a differently written IP,
 * gets the same id.
 */
export function canonicalContent(fields: readonly FieldSpec[], eventIdField: string, record: NormalizedRecord): string {
  const values: unknown[] = [];
  for (const f of fields) if (f.name !== eventIdField) values.push(record[f.name] ?? null);
  return JSON.stringify(values);
}

/**
 * Deterministic UUID v5 for a record without a producer id. It hashes the content,
 * never the Kinesis sequence number: a producer retry gets a new sequence number
 * but must get the same id so downstream de-duplication catches it.
 */
export function contentEventId(fields: readonly FieldSpec[], eventIdField: string, record: NormalizedRecord): string {
  const hash = createHash('sha1')
    .update(NAMESPACE_BYTES)
    .update(canonicalContent(fields, eventIdField, record))
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
