import { setTimeout as sleep } from 'node:timers/promises';
import type { DatasetDeclaration } from '../datasets/dataset';
import type { KinesisBatchSender, SendTotals, StreamUnavailable } from './kinesis-batch-sender';
import { encodeRecord } from './record-encoding';
import type { SimulatedSpan } from './simulated-span';

export interface SendRunOptions {
  readonly dataset: Pick<DatasetDeclaration, 'partitionKeyField' | 'eventTimeField'>;
  /**
   * Generated records (plain JSON objects), sorted by event time when paced. Pulled
   * one at a time as the sender takes them: a generator keeps memory flat.
   */
  readonly records: Iterable<object>;
  readonly sender: KinesisBatchSender;
  /** Paces records to their event time mapped onto real time. @default as fast as possible */
  readonly clock?: SimulatedSpan;
  /** Stops adding records; what is buffered is still flushed. */
  readonly signal?: AbortSignal;
  /**
   * Longest a buffered record waits for its batch to fill while pacing.
   * @default 500
   */
  readonly lingerMs?: number;
  /**
   * Stop generating once a whole batch gave up with nothing written (a dead or
   * silent endpoint): the run then ends within one batch's attempts instead of
   * spending them on every later batch.
   * @default true
   */
  readonly stopWhenUnavailable?: boolean;
}

export interface SendRunResult extends SendTotals {
  /** Records taken from `records` (fewer than planned when stopped). */
  readonly generated: number;
  /** Set when the run stopped because the stream was unavailable. */
  readonly unavailable?: StreamUnavailable;
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    // Checked by name: errors from Node internals may come from another realm (e.g. under jest), so instanceof is unreliable.
    if ((error as { name?: unknown } | null)?.name !== 'AbortError') throw error;
  }
}

/**
 * Sends a generated run: paced by the simulated clock (or at full speed), with a
 * linger flush so a slow source (a turbine every few seconds) is not held back
 * until 500 records pile up. Always flushes at the end, also when aborted, and
 * returns the sender's totals.
 */
export async function sendRun(options: SendRunOptions): Promise<SendRunResult> {
  const { sender, clock, signal, dataset } = options;
  const lingerMs = options.lingerMs ?? 500;
  const stopWhenUnavailable = options.stopWhenUnavailable ?? true;
  let lastFlush = Date.now();
  let generated = 0;
  let unavailable: StreamUnavailable | undefined;
  for (const record of options.records) {
    if (signal?.aborted) break;
    unavailable = stopWhenUnavailable ? sender.unavailable : undefined;
    if (unavailable !== undefined) break;
    if (clock !== undefined && clock.realDurationMs > 0) {
      const eventTime = Date.parse(String((record as Readonly<Record<string, unknown>>)[dataset.eventTimeField]));
      const due = clock.realTimeFor(eventTime);
      while (!signal?.aborted && Date.now() < due) {
        const untilFlush = sender.buffered > 0 ? lastFlush + lingerMs - Date.now() : Number.POSITIVE_INFINITY;
        if (untilFlush <= 0) {
          await sender.flush();
          lastFlush = Date.now();
          continue;
        }
        await pause(Math.min(due - Date.now(), untilFlush), signal);
      }
      if (signal?.aborted) break;
    }
    // Linger counts from the oldest buffered record.
    if (sender.buffered === 0) lastFlush = Date.now();
    generated += 1;
    await sender.add(encodeRecord(dataset, record));
  }
  const totals = await sender.close();
  unavailable ??= stopWhenUnavailable ? sender.unavailable : undefined;
  return { ...totals, generated, ...(unavailable !== undefined ? { unavailable } : {}) };
}
