import type { DeliveryBuffering } from '../config/delivery-defaults';

/** Firehose buffering hints: an object is written when either bound is reached. */
export interface BufferingHints {
  /** Bytes. */
  readonly sizeBytes: number;
  /** Simulated milliseconds. */
  readonly intervalMs: number;
}

/** The hints of a delivery stream's configured buffering (`config/delivery-defaults.ts`), in bytes and milliseconds. */
export function bufferingHints(buffering: DeliveryBuffering): BufferingHints {
  return { sizeBytes: buffering.sizeMb * 1024 * 1024, intervalMs: buffering.intervalSeconds * 1000 };
}

export interface BufferedRecord {
  readonly data: Uint8Array;
  /** Simulated arrival, epoch ms. */
  readonly arrivalMs: number;
}

/** What a flush hands to the writer: the records and the arrival of the oldest (the `!{timestamp}` of the key). */
export interface BufferFlush {
  readonly records: readonly BufferedRecord[];
  readonly oldestArrivalMs: number;
}

/**
 * The buffer of one delivery stream, on the simulated clock. Firehose writes an
 * object when the buffer reaches its size or when the oldest record has waited
 * the interval; the key's timestamp is the oldest record's arrival.
 */
export class DeliveryBuffer {
  private records: BufferedRecord[] = [];
  private bytes = 0;

  public constructor(
    private readonly hints: BufferingHints,
    private readonly write: (flush: BufferFlush) => Promise<void>,
  ) {}

  public get size(): number {
    return this.records.length;
  }

  /** Adds records arriving at `nowMs`, first writing the buffer if its interval has passed. */
  public async add(data: readonly Uint8Array[], nowMs: number): Promise<void> {
    await this.tick(nowMs);
    for (const d of data) {
      this.records.push({ data: d, arrivalMs: nowMs });
      this.bytes += d.byteLength;
      if (this.bytes >= this.hints.sizeBytes) await this.flush();
    }
  }

  /** Writes the buffer if the oldest record has waited the interval at `nowMs`. */
  public async tick(nowMs: number): Promise<void> {
    const oldest = this.records[0];
    if (oldest !== undefined && nowMs - oldest.arrivalMs >= this.hints.intervalMs) await this.flush();
  }

  /** Writes whatever is buffered (end of run: Firehose would after the interval). */
  public async flush(): Promise<void> {
    const oldest = this.records[0];
    if (oldest === undefined) return;
    const records = this.records;
    this.records = [];
    this.bytes = 0;
    await this.write({ records, oldestArrivalMs: oldest.arrivalMs });
  }
}

/** `yyyy-MM-dd` of an epoch-ms time, UTC: Firehose `!{timestamp:yyyy-MM-dd}`. */
export function partitionDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `yyyy-MM-dd-HH-mm-ss` UTC: the time part of a Firehose object name. */
export function objectTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[T:]/g, '-');
}
