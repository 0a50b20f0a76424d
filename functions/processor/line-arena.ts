import type { OutboundRecord } from './ports';

/** First chunk size; each new chunk doubles it, so a small batch does not take megabytes. */
const FIRST_CHUNK_BYTES = 64 * 1024;
/** Largest chunk size: the PutRecordBatch byte limit, so one chunk holds at least a full call. */
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** Lines written per Buffer.write call: each call flattens its string and crosses into C++ once. */
const LINES_PER_WRITE = 32;
/** A write also happens once this many UTF-16 units are queued: space is reserved for 3 bytes per unit. */
const UNITS_PER_WRITE = 256 * 1024;
const EMPTY = Buffer.alloc(0);

/** Where `LineArena.place` puts a line; the processor's per-record state implements it. */
export interface LinePlacement {
  chunk: Buffer;
  offset: number;
  bytes: number;
}

/**
 * UTF-8 NDJSON lines of one batch, packed into off-heap buffers (64 KiB, doubling up
 * to 4 MiB). Lines are written as soon as they are serialized, 32 to a write, and
 * their strings dropped: a 10,000-record batch then holds ~5 MB outside the
 * JavaScript heap instead of 10,000 strings that the young-generation collector
 * would copy, and the sinks send bytes without encoding each line again. Chunks are
 * never reused, so a view handed to a sink stays valid. Call `seal()` before
 * reading any placement.
 */
export class LineArena {
  private chunk = EMPTY;
  private used = 0;
  private nextChunkBytes = FIRST_CHUNK_BYTES;
  private pending = '';
  private readonly pendingLines: string[] = [];
  private readonly pendingPlacements: LinePlacement[] = [];

  /**
   * Queues `line` for writing as UTF-8 into `into`. The size is known at once for a
   * line that may be over `maxBytes` (more than `maxBytes / 3` UTF-16 units): such a
   * line is measured now, and written only when it fits. Shorter lines cannot be
   * over the limit; their placement is filled by the next write.
   */
  public place(line: string, into: LinePlacement, maxBytes: number): void {
    if (line.length * 3 > maxBytes) {
      into.bytes = Buffer.byteLength(line, 'utf8');
      if (into.bytes > maxBytes) {
        into.chunk = EMPTY;
        into.offset = 0;
        return;
      }
      this.seal();
      this.reserve(into.bytes);
      into.chunk = this.chunk;
      into.offset = this.used;
      this.used += this.chunk.write(line, this.used, 'utf8');
      return;
    }
    this.pending += line;
    this.pendingLines.push(line);
    this.pendingPlacements.push(into);
    if (this.pendingLines.length === LINES_PER_WRITE || this.pending.length >= UNITS_PER_WRITE) this.seal();
  }

  /** Writes the queued lines and fills in their placements. */
  public seal(): void {
    const count = this.pendingLines.length;
    if (count === 0) return;
    this.reserve(this.pending.length * 3);
    const start = this.used;
    const written = this.chunk.write(this.pending, start, 'utf8');
    // As many bytes as UTF-16 units: all ASCII, so each line's size is its length.
    const ascii = written === this.pending.length;
    let offset = start;
    for (let i = 0; i < count; i++) {
      const line = this.pendingLines[i] as string;
      const placement = this.pendingPlacements[i] as LinePlacement;
      const bytes = ascii ? line.length : Buffer.byteLength(line, 'utf8');
      placement.chunk = this.chunk;
      placement.offset = offset;
      placement.bytes = bytes;
      offset += bytes;
    }
    this.used = start + written;
    this.pending = '';
    this.pendingLines.length = 0;
    this.pendingPlacements.length = 0;
  }

  /** Starts a new chunk unless `bytes` more fit in the current one. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    this.chunk = Buffer.allocUnsafeSlow(Math.max(this.nextChunkBytes, bytes));
    this.nextChunkBytes = Math.min(this.nextChunkBytes * 2, MAX_CHUNK_BYTES);
    this.used = 0;
  }
}

/** The record's UTF-8 bytes (a view, no copy). */
export function lineBytes(record: OutboundRecord): Buffer {
  return record.chunk.subarray(record.offset, record.offset + record.bytes);
}

/** The record's line as text (tests, local tools). */
export function lineText(record: OutboundRecord): string {
  return record.chunk.toString('utf8', record.offset, record.offset + record.bytes);
}
