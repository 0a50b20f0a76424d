import { isUtf8 } from 'node:buffer';

/**
 * Kinesis hands data over as padded base64. Node's decoder skips characters outside
 * the alphabet, so a decoded length short of what the text length promises means
 * the text was not base64 (cheaper than a regular expression over every payload).
 */
function isBase64Length(text: string, bytes: number): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return bytes === (text.length / 4) * 3 - padding;
}

export type DecodedPayload = { ok: true; payload: Record<string, unknown>; plain: boolean } | { ok: false; reason: string };

/**
 * Decodes payloads into one buffer, reused across the records it decodes and grown to
 * the largest seen (Kinesis caps records at 1 MiB): that saves a Buffer (and a pool
 * slice) per record. Its owner decides how long the buffer lives (processRecords: one
 * batch), so no decoding state outlives a batch or is shared between handlers.
 */
export class PayloadDecoder {
  private scratch = Buffer.alloc(0);

  /**
   * The JSON object in a base64 payload, or a reason naming what is wrong with the payload.
   * `plain` is true when the JSON text has no backslash, so none of its strings holds a
   * character JSON must escape (see RowSerializer).
   */
  public decode(data: string): DecodedPayload {
    const capacity = Math.ceil(data.length / 4) * 3;
    if (capacity > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(capacity);
    return parsePayload(data, this.scratch);
  }
}

/** One payload decoded on its own (tools that decode a record at a time, e.g. replay). */
export function decodePayload(data: string): DecodedPayload {
  return new PayloadDecoder().decode(data);
}

function parsePayload(data: string, scratch: Buffer): DecodedPayload {
  const length = scratch.write(data, 0, 'base64');
  if (!isBase64Length(data, length)) return { ok: false, reason: 'payload: not valid base64' };
  const text = scratch.toString('utf8', 0, length);
  // The decoder turns invalid bytes into U+FFFD: only a text holding one needs the strict check.
  if (text.includes('\uFFFD') && !isUtf8(scratch.subarray(0, length))) return { ok: false, reason: 'payload: not valid UTF-8' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `payload: not JSON (${error instanceof Error ? error.message : 'parse error'})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
    return { ok: false, reason: `payload: expected a JSON object, got ${kind}` };
  }
  return { ok: true, payload: parsed as Record<string, unknown>, plain: !text.includes('\\') };
}
