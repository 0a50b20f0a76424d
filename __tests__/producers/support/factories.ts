import type { OutgoingRecord } from '../../../producers/kinesis-batch-sender';

/** An outgoing record with `size` bytes of JSON-ish payload. */
export function outgoingRecord(overrides: Partial<OutgoingRecord> & { readonly sizeBytes?: number } = {}): OutgoingRecord {
  const id = overrides.id ?? `rec-${Math.random().toString(36).slice(2, 10)}`;
  const data =
    overrides.data ??
    Buffer.from(JSON.stringify({ id, pad: 'x'.repeat(Math.max(0, (overrides.sizeBytes ?? 64) - id.length - 17)) }), 'utf8');
  return { id, partitionKey: overrides.partitionKey ?? id, data };
}

/** `n` records with ids `<prefix>-0..n-1`, spread over `keys` partition keys. */
export function outgoingRecords(
  n: number,
  options: { readonly prefix?: string; readonly keys?: number; readonly sizeBytes?: number } = {},
): OutgoingRecord[] {
  const prefix = options.prefix ?? 'rec';
  return Array.from({ length: n }, (_, i) =>
    outgoingRecord({
      id: `${prefix}-${i}`,
      partitionKey: options.keys ? `key-${i % options.keys}` : `${prefix}-${i}`,
      sizeBytes: options.sizeBytes ?? 64,
    }),
  );
}

export function parseData(data: string): { readonly id: string } {
  const parsed = JSON.parse(data) as unknown;
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { id?: unknown }).id !== 'string')
    throw new Error(`unexpected record data: ${data.slice(0, 80)}`);
  return parsed as { id: string };
}
