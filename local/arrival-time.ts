import type { DatasetDeclaration } from '../datasets/dataset';

/**
 * Simulated arrival time of a record: its event time, as if the producer sent it
 * live. The local run produces a whole simulated span as fast as it can, so the
 * wall-clock arrival kinesalite stamps carries no meaning; the event time in the
 * payload does. A payload without a readable event time (malformed on purpose)
 * arrives with the record before it (`fallbackMs`), so time on a shard never
 * goes backwards.
 */
export function arrivalTimeOf(dataset: Pick<DatasetDeclaration, 'eventTimeField'>, data: Uint8Array, fallbackMs: number): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    return fallbackMs;
  }
  if (typeof parsed !== 'object' || parsed === null) return fallbackMs;
  const value = (parsed as Readonly<Record<string, unknown>>)[dataset.eventTimeField];
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? Math.max(ms, fallbackMs) : fallbackMs;
}
