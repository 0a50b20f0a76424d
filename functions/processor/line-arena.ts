import type { OutboundRecord } from './ports';

/** Bytes per arena chunk: the PutRecordBatch byte limit, so one chunk holds at least a full call. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Where `LineArena.place` put a line; the processor's per-record state implements it. */
export interface LinePlacement {
  chunk: Buffer;
  offset: number;
  bytes: number;
}

/**
 * UTF-8 NDJSON lines of one batch, packed into large off-heap buffers. A line is
 * written as soon as it is serialized and its string dropped: a 10,000-record batch
 * then holds ~5 MB outside the JavaScript heap instead of 10,000 strings that the
 * young-generation collector would copy, and the sinks send bytes without encoding
 * each line again. Chunks are never reused, so a view handed to a sink stays valid.
 */
export class LineArena {
  private chunk = Buffer.alloc(0);
  private used = 0;

  /** Writes `line` as UTF-8 and records where; lines longer than `maxBytes` UTF-8 bytes are measured, not written. */
  public place(line: string, into: LinePlacement, maxBytes: number): void {
    // UTF-8 takes at least one byte per UTF-16 unit: such a line is over the limit whatever it holds.
    if (line.length > maxBytes) {
      into.chunk = this.chunk;
      into.offset = this.used;
      into.bytes = Buffer.byteLength(line, 'utf8');
      return;
    }
    const worst = line.length * 3;
    if (this.used + worst > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, worst));
      this.used = 0;
    }
    into.chunk = this.chunk;
    into.offset = this.used;
    into.bytes = this.chunk.write(line, this.used, 'utf8');
    this.used += into.bytes;
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
