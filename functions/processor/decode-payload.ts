/** Kinesis hands data over as standard base64; anything else was not produced by Kinesis or was mangled. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// fatal: invalid UTF-8 is an error instead of silently becoming U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The JSON object in a base64 payload, or a reason naming what is wrong with the payload. */
export function decodePayload(data: string): { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string } {
  if (!BASE64.test(data)) return { ok: false, reason: 'payload: not valid base64' };
  const bytes = Buffer.from(data, 'base64');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'payload: not valid UTF-8' };
  }
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
  return { ok: true, payload: parsed as Record<string, unknown> };
}
